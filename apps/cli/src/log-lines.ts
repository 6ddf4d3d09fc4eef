/**
 * The lines of `current` that were not in `previous`, for two tail windows of the same log taken one after
 * the other: the longest suffix of `previous` that starts `current` is what both saw. A window that shares
 * nothing with the previous one (the log rotated, or more than a window arrived) is all new.
 */
export function newLogLines(previous: readonly string[], current: readonly string[]): string[] {
  for (let overlap = Math.min(previous.length, current.length); overlap > 0; overlap -= 1) {
    const start = previous.length - overlap;
    let isMatch = true;
    for (let index = 0; index < overlap && isMatch; index += 1) {
      isMatch = previous[start + index] === current[index];
    }
    if (isMatch) return current.slice(overlap);
  }
  return [...current];
}
