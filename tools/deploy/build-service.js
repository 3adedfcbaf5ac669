// Compiles services for production: `node tools/deploy/build-service.js <service> [<service>...]`.
// tsc emits the service and the libraries it imports into services/<service>/dist (the layout
// of the sources, from the repository root: dist/services/<service>/src/main.js,
// dist/libs/<lib>/src/...), tsc-alias rewrites the @helpdesk/* imports into relative paths, and
// every `assets/` folder next to a compiled project is copied along, so files read relative to
// the code are found in the image too. `nx build <service>` and the Dockerfiles run it for one
// service; `npm start` and the bench for all four at once: one TypeScript program, so the
// libraries they share are read and checked once (about as fast as building one service), then
// each service's dist gets its own code and the compiled libraries.
//
// A dist is replaced only once the new one is complete (built beside it, then renamed into
// place): a process running from the old one never sees a half-written folder.
const { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } = require('node:fs');
const { join, relative } = require('node:path');
const ts = require('typescript');
const { replaceTscAliasPaths } = require('tsc-alias');

const root = join(__dirname, '../..');

async function build(services) {
  if (
    services.length === 0 ||
    services.some((service) => !/^[a-z][a-z-]*$/.test(service) || !existsSync(tsconfigOf(service)))
  ) {
    throw new Error(
      'usage: build-service.js <service> [<service>...], each with services/<service>/tsconfig.app.json',
    );
  }
  const [first] = services;
  // Under the first service, as its outDir would be, for tsc-alias; in a git-ignored folder.
  const staging = join(scratchOf(first), `build-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    compile(services, staging);
    await replaceTscAliasPaths({ configFile: tsconfigOf(first), outDir: staging });
    copyAssets(staging);
    for (const service of services) {
      const next = join(scratchOf(service), `dist-next-${process.pid}`);
      rmSync(next, { recursive: true, force: true });
      if (services.length === 1) {
        renameSync(staging, next);
      } else {
        // The service's own code and every compiled library (a few unused ones do no harm).
        cpSync(join(staging, 'services', service), join(next, 'services', service), {
          recursive: true,
        });
        cpSync(join(staging, 'libs'), join(next, 'libs'), { recursive: true });
      }
      const main = join(next, 'services', service, 'src', 'main.js');
      if (!existsSync(main)) {
        throw new Error(`the build did not produce ${relative(root, mainOf(service))}`);
      }
      replace(join(root, 'services', service, 'dist'), next, scratchOf(service));
      console.log(`built ${relative(root, mainOf(service))}`);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * One program of the services' tsconfig.app.json files (they share their options), as
 * `tsc -p` would compile each: it fails on any type error, with tsc's messages.
 */
function compile(services, outDir) {
  const parsed = services.map((service) => {
    const config = ts.getParsedCommandLineOfConfigFile(tsconfigOf(service), undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    });
    if (!config) throw new Error(`cannot read ${tsconfigOf(service)}`);
    return config;
  });
  const options = { ...parsed[0].options, outDir };
  const program = ts.createProgram({
    rootNames: [...new Set(parsed.flatMap((config) => config.fileNames))],
    options,
    configFileParsingDiagnostics: parsed.flatMap((config) => config.errors),
  });
  const emitted = program.emit();
  const diagnostics = ts.sortAndDeduplicateDiagnostics([
    ...ts.getPreEmitDiagnostics(program),
    ...emitted.diagnostics,
  ]);
  if (diagnostics.length > 0) {
    const host = {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    };
    const format = process.stdout.isTTY
      ? ts.formatDiagnosticsWithColorAndContext
      : ts.formatDiagnostics;
    process.stderr.write(format(diagnostics, host));
    const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) throw new Error(`tsc found ${errors.length} error(s)`);
  }
}

/** Every `assets/` folder of a compiled project, next to its code. */
function copyAssets(outDir) {
  const projects = ['services', 'libs'].flatMap((folder) =>
    readdirSync(join(root, folder)).map((name) => join(root, folder, name)),
  );
  for (const project of projects) {
    const assets = join(project, 'assets');
    if (existsSync(join(outDir, relative(root, project))) && existsSync(assets)) {
      cpSync(assets, join(outDir, relative(root, assets)), { recursive: true });
    }
  }
}

/** Puts `next` where `target` was, leaving the old one in place until the new one is there. */
function replace(target, next, scratch) {
  const old = join(scratch, `dist-old-${process.pid}`);
  if (existsSync(target)) renameSync(target, old);
  renameSync(next, target);
  rmSync(old, { recursive: true, force: true });
}

/** services/<service>/.cache: git-ignored, beside dist, so a rename moves a folder into place. */
function scratchOf(service) {
  const scratch = join(root, 'services', service, '.cache');
  mkdirSync(scratch, { recursive: true });
  return scratch;
}

function tsconfigOf(service) {
  return join(root, 'services', service, 'tsconfig.app.json');
}

function mainOf(service) {
  return join(root, 'services', service, 'dist', 'services', service, 'src', 'main.js');
}

build(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
