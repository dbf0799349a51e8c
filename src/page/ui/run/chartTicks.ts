// Axis choices for the loss chart: whole-number steps, and a loss range wide enough that ticks printed with
// two decimals differ (at step 2 both losses can be 4.16x: the range is widened to whole tenths).

/** The loss axis's ends: the data's range rounded out to tenths, at least 0.1 wide. */
export const LOSS_DOMAIN: [(min: number) => number, (max: number) => number] = [
  (min) => Math.floor(min * 10) / 10,
  (max) => Math.max(Math.ceil(max * 10) / 10, Math.floor(max * 10) / 10 + 0.1),
];

export const formatLossTick = (v: number) => v.toFixed(2);
