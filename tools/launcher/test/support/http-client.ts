export interface Answer<Body = any> {
  status: number;
  body: Body;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

/** A JSON request as an integrator or a technician would send it. */
export async function call<Body = any>(
  method: string,
  url: string,
  { body, token, apiKey, headers = {} }: RequestOptions = {},
): Promise<Answer<Body>> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
      ...(apiKey && { 'x-api-key': apiKey }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as Body };
}
