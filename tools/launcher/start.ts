import { launch } from './src/launcher';
import { readLauncherConfig } from './src/launcher-config';
import { complain } from './src/launcher-log';

// `npm start`: the whole product on one machine with only Node and npm. See src/launcher.ts.
async function main(): Promise<number> {
  try {
    return await launch(readLauncherConfig(process.env));
  } catch (error) {
    complain(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

void main().then((code) => process.exit(code));
