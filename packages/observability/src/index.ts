export { createLogger, infoLineWriter, type Logger, type LoggerOptions } from './logger.js';
export { createMetricsRegistry, Counter, Gauge, Histogram, Registry } from './metrics.js';
