import type { Snapshot } from './types';

/** Tokens whose latest analysis falls in the credit day that starts at `dayStartMs`. */
export function countScannedToday(snapshot: Snapshot): number | null {
  const dayStart = snapshot.credits?.dayStartMs;
  if (!snapshot.recentAnalyses || dayStart == null) return null;
  const dayEnd = snapshot.credits?.dayEndMs ?? dayStart + 24 * 3_600_000;
  let count = 0;
  for (const t of snapshot.recentAnalyses.times) if (t >= dayStart && t < dayEnd) count += 1;
  return count;
}
