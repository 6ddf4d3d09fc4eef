export * from './errors.js';
export * from './clock.js';
export * from './domain.js';
export * from './ports.js';
export { ReasoningSplitter, splitReasoning, type ReasoningDelta } from './reasoning.js';
