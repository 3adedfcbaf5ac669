/** Where the log adapters report what they recover from. Nest's Logger fits this shape. */
export interface Logger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
