/** A variable the jest global setup provides (KAFKA_BROKERS, DATABASE_URL). */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run this test through jest, whose global setup provides it`,
    );
  }
  return value;
}
