// @ts-check
// Preloaded into every service the launcher spawns (node -r). A launcher that is killed outright
// cannot stop its children; its IPC channel closes instead, and the service then stops as if sent
// SIGTERM rather than keep running and holding its port. Plain JavaScript: a compiled service
// runs without any TypeScript loader.
if (process.send) {
  process.on('disconnect', () => {
    // The launcher's end of stdout and stderr is gone too: shutdown logs must not crash on EPIPE.
    process.stdout.on('error', () => undefined);
    process.stderr.on('error', () => undefined);
    process.kill(process.pid, 'SIGTERM');
  });
  // Only watch the channel: it must not keep an otherwise finished service alive.
  process.channel?.unref();
}
