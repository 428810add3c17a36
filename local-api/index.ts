/** Public entry point of the local KalshiBook API (see server.ts). */
export { startLocalApi, DEFAULT_ANON_KEY, type LocalApi, type LocalApiOptions } from './server';
export { DEMO_EMAIL, DEMO_PASSWORD } from './seed';
export { FAULT_MODES, type FaultMode } from './faults';
