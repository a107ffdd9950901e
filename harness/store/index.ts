/** The store of runs: folder layout, the files' types, statistics of a history. */
export * from './types.js';
export * from './run-folder.js';
export * from './stats.js';
