// Turns tsconfig "paths" (exact aliases only) into a jest moduleNameMapper.
const path = require('node:path');

function pathsToModuleNameMapper(paths, workspaceRoot) {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(paths)) {
    mapper[`^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`] = path.join(workspaceRoot, target);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
