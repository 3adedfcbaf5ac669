// @ts-check
// Preloaded before @swc-node/register (see the "start" script): there is no tsconfig.json at the
// workspace root, and an npm script cannot set an environment variable portably.
process.env['SWC_NODE_PROJECT'] = require('node:path').join(__dirname, 'tsconfig.json');
