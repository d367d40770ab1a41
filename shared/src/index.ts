export * from './protocol.ts';
export * from './state.ts';
