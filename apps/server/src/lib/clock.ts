/**
 * The time services read instead of `new Date()`, so tests can move it (real time windows
 * without sleeping). Production never calls set().
 */
export class Clock {
  private fixed: number | null = null;

  now(): Date {
    return new Date(this.fixed ?? Date.now());
  }

  /** Tests: stop the clock at `at`; null lets it run with the system time again. */
  set(at: Date | null): void {
    this.fixed = at ? at.getTime() : null;
  }
}
