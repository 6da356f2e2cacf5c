// Moved to src/client/seat-session.ts; this name stays only for src/loadtest/runner.ts, which
// another change owns — import from src/client.
export * from '../client/seat-session.ts';
