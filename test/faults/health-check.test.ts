import { describe, expect, it } from 'vitest';
import { detectionTime } from '../../src/faults/agent/health-check.js';

const MESOS = { pingTimeout: 15, maxPingTimeouts: 5 };

describe('health-check detection time', () => {
  it('registered at 0, silent at 100: pings at 105, 120, 135, 150, 165 go unanswered; unreachable at 105 + 5·15 = 180', () => {
    expect(detectionTime(0, 100, MESOS)).toBe(180);
  });

  it('follows the ping phase: registered at 7, the first ping at or after 100 is 112, so 187', () => {
    expect(detectionTime(7, 100, MESOS)).toBe(187);
  });

  it('a ping due at the very moment of silence is missed: silent at 105 gives 180, silent at 105.5 gives 195', () => {
    expect(detectionTime(0, 105, MESOS)).toBe(180);
    expect(detectionTime(0, 105.5, MESOS)).toBe(195);
  });

  it('uses the configured timeout and number of misses: 10 s × 3, silent at 101 → first miss 110, unreachable 140', () => {
    expect(detectionTime(0, 101, { pingTimeout: 10, maxPingTimeouts: 3 })).toBe(140);
  });

  it('takes between M·T and (M+1)·T after the silence begins', () => {
    for (let since = 0; since < 60; since += 0.7) {
      const d = detectionTime(3, 3 + since, MESOS) - (3 + since);
      expect(d).toBeGreaterThanOrEqual(75);
      expect(d).toBeLessThan(90);
    }
  });
});
