const DOCKER_CHECK_TIMEOUT_MS = 5_000;

let dockerAvailable: Promise<boolean> | undefined;

/** Whether testcontainers finds a container engine; asked once per process. */
export function isDockerAvailable(): Promise<boolean> {
  dockerAvailable ??= detectDocker();
  return dockerAvailable;
}

async function detectDocker(): Promise<boolean> {
  // testcontainers takes about half a second to load: only pay for it when provisioning.
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DOCKER_CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      getContainerRuntimeClient().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
