import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { waitFor } from '@helpdesk/testing';
import { DemoCredentials, seedDemo } from '../src/demo-seed';
import { launchChromium, waitForText } from './support/browser';
import { call } from './support/http-client';
import { RunningProduct } from '../src/running-product';
import { requiredEnv } from './support/required-env';

/** Where the dashboards' screenshots go when HELPDESK_SCREENSHOTS is set (docs/screenshots). */
const screenshotsDir = process.env['HELPDESK_SCREENSHOTS'];

const HOSTILE_SUMMARY = '<script>alert(1)</script><img src=x onerror=alert(2)> Outlook crashes';

/**
 * The product in a real browser (Debian's chromium through playwright-core): technicians of
 * each tier in their dashboards, a requester in the portal, the four services as processes on
 * Kafka and PostgreSQL, signed in with the accounts a first `npm start` creates.
 */
describe('the dashboards and the portal in a browser', () => {
  const product = new RunningProduct({
    brokers: requiredEnv('KAFKA_BROKERS'),
    databaseUrl: requiredEnv('DATABASE_URL'),
  });
  let browser: Browser;
  let credentials: DemoCredentials;
  let credentialsDir: string;
  const dialogs: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await product.start();
    browser = await launchChromium();
    credentialsDir = await mkdtemp(path.join(tmpdir(), 'helpdesk-demo-'));
    const seeded = await seedDemo(
      { intakeUrl: product.url('intake', ''), adminToken: product.secrets.ADMIN_API_TOKEN },
      path.join(credentialsDir, 'demo-credentials.json'),
    );
    if (!seeded) throw new Error('a fresh product had technicians already');
    credentials = seeded;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await product.stop();
    if (credentialsDir) await rm(credentialsDir, { recursive: true, force: true });
  });

  /** A browser of its own (cookies apart) that records any dialog a script would open. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return page;
  }

  function account(id: string) {
    const technician = credentials.technicians.find((candidate) => candidate.id === id);
    if (!technician) throw new Error(`no demo technician ${id}`);
    return technician;
  }

  /** Opens a dashboard, is sent to the sign-in page, signs in and comes back. */
  async function signedIn(id: string, dashboard: string): Promise<Page> {
    const page = await newPage();
    await page.goto(dashboard);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Username').fill(id);
    await page.getByLabel('Password').fill(account(id).password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(dashboard);
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    if (screenshotsDir) await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
  }

  async function submitThroughApi(summary: string): Promise<string> {
    const answer = await call('POST', product.url('intake', '/api/v1/tickets'), {
      apiKey: credentials.integratorKey,
      body: {
        requester: { name: 'Grace Hopper', email: 'grace@example.com' },
        channel: 'api',
        category: 'email-calendar',
        summary,
        description: 'Outlook closes itself a few seconds after it opens, since the update.',
        impact: 'high',
        urgency: 'high',
      },
    });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  }

  const dashboard = (service: 'triage' | 'back-office' | 'specialist') =>
    product.url(service, '/dashboard');
  const row = (page: Page, ticketId: string) =>
    page.locator(`#queue tr[data-ticket-id="${ticketId}"]`);
  /** The form posting to `…/action` that has the button `button` (and the button itself). */
  const form = (page: Page, action: string, button: string) => {
    const submit = page.getByRole('button', { name: button, exact: true });
    const found = page.locator(`form[action$="/${action}"]`).filter({ has: submit });
    return { form: found, submit: found.getByRole('button', { name: button, exact: true }) };
  };

  it('takes a ticket from the API through levels 1, 2 and 3 to its resolution', async () => {
    const level1 = await signedIn('alex.l1', dashboard('triage'));
    await waitForText(level1.locator('[data-live-status]'), 'live', { exact: true });

    const ticketId = await submitThroughApi(HOSTILE_SUMMARY);
    // Live: the ticket appears without a reload.
    await row(level1, ticketId).waitFor({ timeout: 30_000 });
    await screenshot(level1, 'level-1-queue');

    await row(level1, ticketId).getByRole('link').click();
    // The payloads are text: shown as typed, never run, never an element.
    await waitForText(level1.locator('h1'), HOSTILE_SUMMARY, { exact: true });
    expect(await level1.locator('main img[src="x"]').count()).toBe(0);
    await form(level1, 'take', 'Take').submit.click();
    await level1.locator('.flash-notice').waitFor();
    await screenshot(level1, 'level-1-ticket');
    const escalation = form(level1, 'escalate', 'Escalate to level 2');
    await escalation.form
      .getByLabel('Reason')
      .fill('Outlook crashes for everyone on the new build');
    await escalation.submit.click();
    await waitForText(level1.locator('main'), 'Level 2');

    const level2 = await signedIn('bea.l2', dashboard('back-office'));
    await row(level2, ticketId).waitFor({ timeout: 30_000 });
    await screenshot(level2, 'level-2-queue');
    await row(level2, ticketId).getByRole('link').click();
    await form(level2, 'take', 'Take').submit.click();
    await level2.locator('.flash-notice').waitFor();
    const diagnosis = form(level2, 'diagnosis', 'Record diagnosis');
    await diagnosis.form
      .getByLabel('Where the problem comes from')
      .fill('Corrupt Outlook profile after the update');
    await diagnosis.form.getByLabel('What follows').selectOption('remote-session');
    await diagnosis.submit.click();
    await level2.locator('.flash-notice').waitFor();
    await form(level2, 'remote-sessions', 'Start remote session').submit.click();
    await waitForText(level2.locator('main'), 'Remote session started');
    await screenshot(level2, 'level-2-ticket');
    await form(level2, 'end', 'End remote session').submit.click();
    const toLevel3 = form(level2, 'escalate', 'Escalate to level 3');
    await toLevel3.form.getByLabel('Reason').fill('Profile corruption on the mail server side');
    await toLevel3.form.getByLabel('Domain').selectOption('network');
    await toLevel3.submit.click();
    await waitForText(level2.locator('main'), 'Level 3');

    const level3 = await signedIn('specialist-network', dashboard('specialist'));
    await row(level3, ticketId).waitFor({ timeout: 30_000 });
    await screenshot(level3, 'level-3-queue');
    await row(level3, ticketId).getByRole('link').click();
    await form(level3, 'take', 'Take').submit.click();
    await level3.locator('.flash-notice').waitFor();
    const resolution = form(level3, 'resolve', 'Resolve');
    await resolution.form.getByLabel('Resolution').fill('Rebuilt the mail profile on the server');
    await resolution.submit.click();
    await waitForText(level3.locator('main'), 'Resolved at level 3');
    await screenshot(level3, 'level-3-ticket');

    expect(dialogs).toEqual([]);
  });

  it('walks a requester through the contact guide, and shows them their ticket resolved', async () => {
    const requester = await newPage();
    await requester.goto(product.url('intake', '/portal'));
    await screenshot(requester, 'portal');
    await requester.locator('a[data-category="network-vpn"]').click();
    await requester.getByLabel('Your name').fill('Ada Lovelace');
    await requester.getByLabel('Your email').fill('ada@example.com');
    await requester.getByLabel('Summary').fill('VPN drops every five minutes');
    await requester.getByLabel(/Where are you/).fill('At home, on the fibre line');
    await requester.getByLabel('Further details').fill('Since this morning; colleagues are fine.');
    await requester.getByLabel('Who is affected?').selectOption({ index: 1 });
    await requester.getByLabel('How urgent is it?').selectOption({ index: 2 });
    await requester.getByRole('button', { name: 'Submit the ticket' }).click();
    await requester.locator('[data-ticket-status]').waitFor();
    const trackingLink = requester.url();
    const ticketId = /\/portal\/tickets\/([0-9a-f-]{36})/.exec(trackingLink)?.[1] ?? '';

    const level1 = await signedIn('alex.l1', dashboard('triage'));
    await row(level1, ticketId).waitFor({ timeout: 30_000 });
    await row(level1, ticketId).getByRole('link').click();
    await waitForText(level1.locator('main'), 'At home, on the fibre line');
    const resolution = form(level1, 'resolve', 'Resolve');
    await resolution.form
      .getByLabel('Resolution')
      .fill('Updated the VPN client to 6.2; it holds now.');
    await resolution.submit.click();
    await level1.locator('.flash-notice').waitFor();

    // The requester's page follows the log: reload until the resolution has reached intake.
    await waitFor(
      async () => {
        await requester.goto(trackingLink);
        const status = await requester.locator('[data-ticket-status]').textContent();
        return status?.includes('resolved') ?? false;
      },
      { description: 'the portal to show the ticket resolved', timeoutMs: 30_000, intervalMs: 500 },
    );
    await waitForText(requester.locator('main'), 'Updated the VPN client to 6.2');
    await screenshot(requester, 'portal-ticket');
  });

  it('keeps a level 1 technician out of the level 2 dashboard and API', async () => {
    const level1 = await signedIn('alex.l1', dashboard('triage'));

    const page = await level1.goto(dashboard('back-office'));
    expect(page?.status()).toBe(403);
    await waitForText(level1.locator('h1'), 'Not allowed', { exact: true });
    const api = await level1.goto(product.url('back-office', '/api/v1/queue'));
    expect(api?.status()).toBe(403);
  });
});
