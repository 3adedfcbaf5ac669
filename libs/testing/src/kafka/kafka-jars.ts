import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, workspaceRoot } from '../support/paths';

const run = promisify(execFile);

const libsDir = path.join(cacheDir, 'kafka', 'libs');
const pomFile = path.join(workspaceRoot, 'tools', 'kafka', 'pom.xml');
const log4jConfig = path.join(workspaceRoot, 'tools', 'kafka', 'log4j2.yaml');

/** Downloads the Kafka broker jars from Maven Central unless a previous run did. */
export async function ensureKafkaJars(): Promise<void> {
  if (hasKafkaJar()) return;
  await run('mvn', ['-q', '-B', '-f', pomFile, 'package'], { cwd: workspaceRoot });
  if (!hasKafkaJar()) throw new Error(`mvn package did not put a kafka_2.13 jar into ${libsDir}`);
}

/** `java` plus the arguments that run `mainClass` from the Kafka jars with quiet logging. */
export function kafkaJavaCommand(
  mainClass: string,
  args: string[],
  jvmOptions: string[] = [],
): { command: string; args: string[] } {
  return {
    command: process.env['JAVA_HOME'] ? path.join(process.env['JAVA_HOME'], 'bin', 'java') : 'java',
    args: [
      // The C1 compiler alone starts the JVM about 1.5 s faster; test loads never need C2's peak.
      '-XX:TieredStopAtLevel=1',
      ...jvmOptions,
      `-Dlog4j2.configurationFile=${log4jConfig}`,
      '-cp',
      // The JVM expands this wildcard itself.
      path.join(libsDir, '*'),
      mainClass,
      ...args,
    ],
  };
}

/** Runs a Kafka command line tool to completion. */
export async function runKafkaTool(mainClass: string, args: string[]): Promise<void> {
  const { command, args: javaArgs } = kafkaJavaCommand(mainClass, args);
  await run(command, javaArgs);
}

function hasKafkaJar(): boolean {
  try {
    return readdirSync(libsDir).some((file) => /^kafka_2\.13-.+\.jar$/.test(file));
  } catch {
    return false;
  }
}
