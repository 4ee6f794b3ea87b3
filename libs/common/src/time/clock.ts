import { Injectable } from '@nestjs/common';

/**
 * The only source of "now" in the application, so tests can move time without sleeping. The
 * offset is zero unless the test hooks are on (then it follows the shared test clock).
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}
