// The voicemail domain: pure rules and planning, no I/O. Callers may import from here or from each file.
export * from './rules.js';
export * from './pin-policy.js';
export * from './form-input.js';
export * from './setting-sections.js';
export * from './plan-update.js';
export * from './set-command.js';
export * from './summary.js';
