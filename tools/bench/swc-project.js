// @ts-check
// Preloaded before @swc-node/register (see the "bench" script), like tools/launcher/swc-project.js:
// @swc-node/register reads the tsconfig named here for the @helpdesk/* paths.
process.env['SWC_NODE_PROJECT'] = require('node:path').join(__dirname, 'tsconfig.json');
