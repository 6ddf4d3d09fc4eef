import type { Clock } from '@hangar/core';

/** When to open and when to probe again. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold: number;
  /** How long an open circuit refuses before letting one probe through. Default 10 s. */
  coolDownMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, coolDownMs: 10_000 };

export type CircuitState = 'closed' | 'open' | 'half-open';

interface Circuit {
  state: CircuitState;
  failures: number;
  openedAt: number;
  isProbing: boolean;
  probeAt: number;
}

/**
 * One circuit per instance: closed (normal) -> open after `failureThreshold` consecutive failures (the instance
 * is skipped) -> half-open after `coolDownMs` (exactly one probe request goes through) -> closed when the probe
 * succeeds, open again when it fails.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    private readonly clock: Clock,
    private readonly options: CircuitBreakerOptions = DEFAULT_CIRCUIT_BREAKER,
  ) {}

  /** Whether a request may go to the instance now; in half-open, the first caller takes the probe. */
  tryAcquire(instanceId: string): boolean {
    const circuit = this.circuits.get(instanceId);
    if (circuit === undefined || circuit.state === 'closed') return true;
    if (circuit.state === 'open') {
      if (this.clock.now() - circuit.openedAt < this.options.coolDownMs) return false;
      circuit.state = 'half-open';
      circuit.isProbing = false;
    }
    // A probe whose outcome never came (its client left) stops blocking after another cool-down.
    const now = this.clock.now();
    if (circuit.isProbing && now - circuit.probeAt < this.options.coolDownMs) return false;
    circuit.isProbing = true;
    circuit.probeAt = now;
    return true;
  }

  /** Whether the instance would be refused now (without taking a probe). */
  isOpen(instanceId: string): boolean {
    const circuit = this.circuits.get(instanceId);
    if (circuit === undefined || circuit.state === 'closed') return false;
    if (circuit.state === 'open') return this.clock.now() - circuit.openedAt < this.options.coolDownMs;
    return circuit.isProbing && this.clock.now() - circuit.probeAt < this.options.coolDownMs;
  }

  recordSuccess(instanceId: string): void {
    if (this.circuits.has(instanceId)) this.circuits.delete(instanceId);
  }

  recordFailure(instanceId: string): void {
    let circuit = this.circuits.get(instanceId);
    if (circuit === undefined) {
      circuit = { state: 'closed', failures: 0, openedAt: 0, isProbing: false, probeAt: 0 };
      this.circuits.set(instanceId, circuit);
    }
    circuit.failures++;
    if (circuit.state === 'half-open' || circuit.failures >= this.options.failureThreshold) {
      circuit.state = 'open';
      circuit.openedAt = this.clock.now();
      circuit.isProbing = false;
    }
  }

  state(instanceId: string): CircuitState {
    return this.circuits.get(instanceId)?.state ?? 'closed';
  }
}
