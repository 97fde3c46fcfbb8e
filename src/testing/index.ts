/**
 * Test helpers for users' own suites: the ImageCache API emulator and test matchers.
 * @packageDocumentation
 */
export {};
