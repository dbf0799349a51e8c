// Speeds measured on this device for the run planner, kept per device (backend, kernels, adapter) so the next
// run starts without timing the same networks again. Best effort: a speed that cannot be kept is measured again.
import type { SpeedTable } from '../../shared/plan/planner';
import { openBackend, type KeyValueBackend } from './keyValue';

export class SpeedStore {
  constructor(private readonly backend: KeyValueBackend = openBackend('folio-speeds', 'speeds').backend) {}

  async get(deviceKey: string): Promise<SpeedTable> {
    try {
      const value = await this.backend.get<unknown>(deviceKey);
      return isSpeedTable(value) ? value : {};
    } catch {
      return {};
    }
  }

  /** Adds new measurements to the device's table (a newer figure replaces an older one for the same network). */
  async add(deviceKey: string, measured: SpeedTable): Promise<void> {
    if (Object.keys(measured).length === 0) return;
    try {
      await this.backend.update<SpeedTable>(deviceKey, (old) => ({ ...(isSpeedTable(old) ? old : {}), ...measured }));
    } catch {
      // measured again next time
    }
  }
}

function isSpeedTable(value: unknown): value is SpeedTable {
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0);
}
