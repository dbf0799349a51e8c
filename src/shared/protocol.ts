// Every message between the page and the training worker, in two files: requests (page → worker) and
// events (worker → page). Nothing else declares a message shape; import them from here.
export type * from './protocol/requests';
export type * from './protocol/events';
export { isWorkerEvent } from './protocol/events';
