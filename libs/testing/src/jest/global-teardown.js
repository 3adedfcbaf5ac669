// @ts-check

/** Stops what global-setup.js started. */
module.exports = async function globalTeardown() {
  await globalThis.helpdeskTestEnvironment?.stop();
  delete globalThis.helpdeskTestEnvironment;
};
