// Compiles one service for production: `node tools/deploy/build-service.js <service>`.
// tsc emits the service and the libraries it imports into services/<service>/dist (the layout
// of the sources, from the repository root: dist/services/<service>/src/main.js,
// dist/libs/<lib>/src/...), tsc-alias rewrites the @helpdesk/* imports into relative paths, and
// every `assets/` folder next to a compiled project is copied along, so files read relative to
// the code are found in the image too. `nx build <service>` and the Dockerfiles both run this.
const { execFileSync } = require('node:child_process');
const { cpSync, existsSync, readdirSync, rmSync } = require('node:fs');
const { join, relative } = require('node:path');
const { replaceTscAliasPaths } = require('tsc-alias');

const root = join(__dirname, '../..');

async function build(service) {
  const serviceRoot = join(root, 'services', service);
  const tsconfig = join(serviceRoot, 'tsconfig.app.json');
  if (!/^[a-z][a-z-]*$/.test(service ?? '') || !existsSync(tsconfig)) {
    throw new Error(`usage: build-service.js <service>, with services/<service>/tsconfig.app.json`);
  }
  const outDir = join(serviceRoot, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig], {
    cwd: root,
    stdio: 'inherit',
  });
  await replaceTscAliasPaths({ configFile: tsconfig });
  const compiled = [
    serviceRoot,
    ...readdirSync(join(root, 'libs')).map((lib) => join(root, 'libs', lib)),
  ].filter((project) => existsSync(join(outDir, relative(root, project))));
  for (const project of compiled) {
    const assets = join(project, 'assets');
    if (existsSync(assets)) {
      cpSync(assets, join(outDir, relative(root, assets)), { recursive: true });
    }
  }
  const main = join(outDir, 'services', service, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`the build did not produce ${relative(root, main)}`);
  console.log(`built ${relative(root, main)}`);
}

build(process.argv[2]).catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
