import { TechnicianTokens } from '@helpdesk/event-log-nest';
import { ServiceUnderTest } from '@helpdesk/tier-desk/testing';
import { deadUrl } from './support/fake-tier';

const ADMIN_API_TOKEN = 'admin-token-for-sign-in-tests';
const ADMIN = { Authorization: `Bearer ${ADMIN_API_TOKEN}` };

const PASSWORD = 'correct horse battery staple';

describe('technician sign-in', () => {
  let intake: ServiceUnderTest;
  const http = () => intake.http();

  /** The sign-in form as a browser gets it: its cookie and the CSRF token bound to it. */
  async function signInForm(query = ''): Promise<{ cookie: string; csrf: string; html: string }> {
    const response = await http().get(`/sign-in${query}`).expect(200);
    const cookie = (response.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(response.text)?.[1] ?? '';
    return { cookie, csrf, html: response.text };
  }

  /** Posts the sign-in form as a browser would, and checks the answer's status. */
  async function signIn(
    status: number,
    username: string,
    password: string,
    extra: Record<string, string> = {},
  ) {
    const form = await signInForm();
    return http()
      .post('/sign-in')
      .set('Cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, username, password, ...extra })
      .expect(status);
  }

  async function createTechnician(id: string, level: string, supervisor = false) {
    await http()
      .post('/api/v1/admin/technicians')
      .set(ADMIN)
      .send({ id, name: `Tech ${id}`, level, supervisor, password: PASSWORD })
      .expect(201);
  }

  beforeAll(async () => {
    const nowhere = await deadUrl();
    intake = new ServiceUnderTest('intake', {
      ADMIN_API_TOKEN,
      TRIAGE_URL: nowhere,
      BACK_OFFICE_URL: nowhere,
      SPECIALIST_URL: nowhere,
      L2_DASHBOARD_URL: 'https://helpdesk.example.com/level-2/dashboard',
    });
    await intake.start(async () => (await import('../src/app.module')).AppModule);
    await createTechnician('alex.l1', 'L1');
    await createTechnician('bea.l2', 'L2');
    await createTechnician('sam.supervisor', 'L1', true);
  });

  afterAll(async () => {
    await intake?.stop();
  });

  it('signs a technician in with an HttpOnly, SameSite session cookie and sends them to their tier', async () => {
    const response = await signIn(303, 'bea.l2', PASSWORD);

    expect(response.headers['location']).toBe('https://helpdesk.example.com/level-2/dashboard');
    const session = (response.headers['set-cookie'] as unknown as string[]).find((cookie) =>
      cookie.startsWith('helpdesk_session='),
    );
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    const token = /helpdesk_session=([^;]+)/.exec(session ?? '')?.[1] ?? '';
    await expect(intake.app.get(TechnicianTokens).verify(token)).resolves.toEqual({
      id: 'bea.l2',
      name: 'Tech bea.l2',
      level: 'L2',
      supervisor: false,
    });
  });

  it('marks the cookie Secure when the request came over TLS through the ingress', async () => {
    const form = await signInForm();
    const response = await http()
      .post('/sign-in')
      .set('Cookie', form.cookie)
      .set('X-Forwarded-Proto', 'https')
      .type('form')
      .send({ _csrf: form.csrf, username: 'alex.l1', password: PASSWORD })
      .expect(303);

    expect(String(response.headers['set-cookie'])).toMatch(/helpdesk_session=[^;]+;.*Secure/);
  });

  it('returns to the dashboard page asked for, but never to another site', async () => {
    const back = 'http://localhost:3001/dashboard/tickets/0b1f8f8e-6d7e-4c1b-9a59-2b1f5f0e7d11';
    const kept = await signIn(303, 'sam.supervisor', PASSWORD, { next: back });
    expect(kept.headers['location']).toBe(back);

    const refused = await signIn(303, 'sam.supervisor', PASSWORD, {
      next: 'https://evil.example.net/dashboard',
    });
    expect(refused.headers['location']).toBe('http://localhost:3001/dashboard');
  });

  it('refuses a wrong password without saying whether the account exists', async () => {
    const wrongPassword = await signIn(401, 'alex.l1', 'not the password');
    const noSuchAccount = await signIn(401, 'nobody.here', 'not the password');

    expect(wrongPassword.text).toContain('Wrong username or password.');
    expect(noSuchAccount.text).toContain('Wrong username or password.');
    expect(String(wrongPassword.headers['set-cookie'])).not.toMatch(/helpdesk_session=[^;]/);
  });

  it('refuses a form posted without its CSRF token, from another site', async () => {
    const response = await http()
      .post('/sign-in')
      .type('form')
      .send({ username: 'alex.l1', password: PASSWORD })
      .expect(403);

    expect(String(response.headers['set-cookie'])).not.toMatch(/helpdesk_session=[^;]/);
  });

  it('locks an account out after five wrong passwords, even for the right one, and says when to retry', async () => {
    await createTechnician('guessed.l1', 'L1');
    for (let attempt = 0; attempt < 5; attempt++) {
      await signIn(401, 'guessed.l1', `guess ${attempt}`);
    }

    const locked = await signIn(429, 'guessed.l1', PASSWORD);

    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect(locked.text).toContain('Too many failed sign-ins');
    // Another account from the same address still signs in.
    await signIn(303, 'alex.l1', PASSWORD);
  });

  it('lets an admin disable an account, which then cannot sign in', async () => {
    await createTechnician('leaver.l1', 'L1');
    await http().delete('/api/v1/admin/technicians/leaver.l1').set(ADMIN).expect(204);

    await signIn(401, 'leaver.l1', PASSWORD);
    const list = await http().get('/api/v1/admin/technicians').set(ADMIN).expect(200);
    expect(list.body).toContainEqual(
      expect.objectContaining({ id: 'leaver.l1', disabledAt: expect.any(String) }),
    );
    expect(JSON.stringify(list.body)).not.toContain('argon2');
  });

  it('names the wrong field when an admin creates an account badly, and needs the admin token', async () => {
    const response = await http()
      .post('/api/v1/admin/technicians')
      .set(ADMIN)
      .send({ id: 'Bad Name!', name: 'x', level: 'L4', supervisor: 'yes', password: 'short' })
      .expect(400);
    const messages = (response.body as { message: string[] }).message.join(' | ');
    expect(messages).toMatch(/id must be/);
    expect(messages).toMatch(/level must be one of/);
    expect(messages).toMatch(/supervisor must be a boolean/);
    expect(messages).toMatch(/password must be at least 12 characters/);

    await http()
      .post('/api/v1/admin/technicians')
      .send({ id: 'x.l1', name: 'x', level: 'L1', supervisor: false, password: PASSWORD })
      .expect(401);
  });

  it('ends the session on sign-out', async () => {
    const response = await http().post('/sign-out').expect(200);

    expect(String(response.headers['set-cookie'])).toMatch(/helpdesk_session=;/);
    expect(response.text).toContain('Signed out');
  });
});
