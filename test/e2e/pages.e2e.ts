import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, watchProblems } from './browser.js';
import { STAFF_TOKEN, startKeel } from './keel-server.js';

let keel: Awaited<ReturnType<typeof startKeel>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let shop: Server;
let shopOrigin: string;

/** A shop's own site on another origin: its page adds widget.js, its backend hands out the token. */
function startShop(): Promise<Server> {
  const server = createServer(async (request, response) => {
    if (request.url === '/token' && request.method === 'POST') {
      // The shop's backend gets a customer token; here from keel's development endpoint.
      const minted = await fetch(`${keel.url}/widget/demo/token?customer=C-1003`, { method: 'POST' });
      response.writeHead(minted.status, { 'content-type': 'application/json' });
      response.end(await minted.text());
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><html lang="en"><title>Another shop</title><h1>Another shop</h1><div id="chat"></div>
<script src="${keel.url}/widget.js" data-keel-api="${keel.url}" data-keel-token-url="/token" data-keel-target="#chat"></script>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  shop = await startShop();
  shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  // A slow refund leaves the widget's live progress on screen long enough to be seen.
  keel = await startKeel({
    KEEL_ALLOWED_ORIGINS: shopOrigin,
    KEEL_SANDBOX_FAULTS: 'schedule_refund:delay=2500',
  });
  browser = await launchChromium();
  context = browser.context;
});

afterAll(async () => {
  await browser?.close();
  await keel?.stop();
  shop?.close();
});

async function openWidget(page: Page): Promise<void> {
  await page.goto(`${keel.url}/widget/demo`);
  await expect.poll(() => page.getByLabel('Message').isEnabled()).toBe(true);
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

async function freshWidget(): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${keel.url}/widget/demo`);
  // A new customer session: forget the conversation the last test left.
  await page.evaluate('localStorage.clear()');
  await openWidget(page);
  return { page, problems };
}

const log = (page: Page) => page.getByRole('log');

async function signIn(page: Page): Promise<void> {
  await page.goto(`${keel.url}/console`);
  await page.getByLabel('Staff token').fill(STAFF_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Open escalations' }).waitFor();
}

describe('the chat widget and the support console in Chromium', () => {
  it('a customer returns ORD-1001 in the widget, clicking the confirmation, and the chat survives a reload', async () => {
    const { page, problems } = await freshWidget();
    await say(page, 'I want to return ORD-1001, it does not fit');
    const yes = page.getByRole('button', { name: 'Yes, go ahead' });
    await yes.waitFor();
    await expect.poll(() => log(page).innerText()).toMatch(/Shall I go ahead\?/);
    await screenshot(page, 'widget-confirmation');
    await yes.click();
    // Live progress while the workflow runs, from the conversation's stream.
    await expect
      .poll(() => page.getByRole('status').innerText(), { timeout: 15_000 })
      .toBe('working on refund');
    // The final reply (the fourth message) names the label and the refund.
    await expect.poll(() => log(page).getByRole('listitem').count(), { timeout: 20_000 }).toBe(4);
    expect(await log(page).getByRole('listitem').last().innerText()).toMatch(/59\.98 USD/);
    await expect.poll(() => yes.isHidden()).toBe(true);
    const before = 4;
    await screenshot(page, 'widget-completed');
    await page.reload();
    await expect.poll(() => log(page).getByRole('listitem').count()).toBe(before);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('ORD-1002 waits for a person; staff see it arrive live, approve with a note, and the widget shows the outcome', async () => {
    const consolePage = await context.newPage();
    const consoleProblems = watchProblems(consolePage);
    await signIn(consolePage);
    const { page, problems } = await freshWidget();
    await say(page, 'I want to return ORD-1002, it does not fit');
    const yes = page.getByRole('button', { name: 'Yes, go ahead' });
    await yes.waitFor();
    // The confirmation says a person must approve before anything is done.
    await expect.poll(() => log(page).innerText()).toMatch(/a person must approve it/);
    await yes.click();
    await expect
      .poll(() => page.getByRole('status').innerText(), { timeout: 20_000 })
      .toMatch(/person is reviewing/);
    // The queue updates over its stream: no reload of the console.
    const open = consolePage.getByRole('button', { name: 'Open ORD-1002' });
    await open.waitFor({ timeout: 15_000 });
    const row = consolePage.locator('tr', { has: open });
    expect(await row.innerText()).toMatch(/policy[\s\S]*C-1001[\s\S]*ORD-1002[\s\S]*USD/);
    await screenshot(consolePage, 'console-queue');
    await open.click();
    await consolePage.getByLabel('Note').fill('Loyal customer, approved as a courtesy');
    await screenshot(consolePage, 'console-conversation');
    await consolePage.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => open.count(), { timeout: 15_000 }).toBe(0);
    // The journal and the audit trail say who decided, with the note.
    const view = consolePage.locator('.conversation');
    await expect
      .poll(() => view.innerText(), { timeout: 15_000 })
      .toMatch(/escalation\.approved[^\n]* — by staff; note: Loyal customer/);
    expect(await view.locator('.audit').innerText()).toMatch(/staff · approve — note: Loyal customer/);
    // The decision reaches the customer's open widget through its conversation stream.
    await expect.poll(() => log(page).innerText(), { timeout: 20_000 }).toMatch(/approved|refund/i);
    const lastMessage = await log(page).getByRole('listitem').last().innerText();
    expect(lastMessage).toMatch(/^Assistant:/);
    await screenshot(page, 'widget-outcome');
    expect(problems).toEqual([]);
    expect(consoleProblems).toEqual([]);
    await page.close();
    await consolePage.close();
  });

  it('a support agent finds C-1002 by email and cancels ORD-1004 after seeing the plan', async () => {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page);
    await page.getByRole('button', { name: 'Act for a customer' }).click();
    await page.getByLabel('Email').fill('liam.okafor@example.com');
    await page.getByRole('button', { name: 'Find customer' }).click();
    await page.getByRole('button', { name: 'Act for C-1002' }).click();
    await page.getByLabel('Message').fill('Please cancel my order ORD-1004');
    await page.getByRole('button', { name: 'Send' }).click();
    const preview = page.locator('.preview');
    await preview.waitFor();
    expect(await preview.innerText()).toMatch(/nothing has run yet[\s\S]*cancel_order/);
    await screenshot(page, 'console-act-for');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => page.locator('.acting .transcript').innerText(), { timeout: 20_000 })
      .toMatch(/cancel/i);
    await expect.poll(() => preview.count()).toBe(0);
    const order = await fetch(`${keel.url}/v1/staff/orders/ORD-1004`, {
      headers: { authorization: `Bearer ${STAFF_TOKEN}` },
    }).then((r) => r.json() as Promise<{ order: { status: string } }>);
    expect(order.order.status).toBe('cancelled');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a support agent edits the answer before sending it: a card request is refused, the edit shown and audited', async () => {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signIn(page);
    await page.getByRole('button', { name: 'Act for a customer' }).click();
    await page.getByLabel('Customer id').fill('C-1003');
    await page.getByRole('button', { name: 'Find customer' }).click();
    await page.getByRole('button', { name: 'Act for C-1003' }).click();
    await page.getByLabel('Message', { exact: true }).fill('Where is my order ORD-1005?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const answer = page.getByLabel('Answer to the customer');
    await answer.waitFor({ timeout: 20_000 });
    const agentText = await answer.inputValue();
    expect(agentText).toMatch(/ORD-1005/);
    await answer.fill('Before I check, please send me your card number and CVV.');
    await page.getByRole('button', { name: 'Send edited answer' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/card number[\s\S]*never asks/);
    // Focus is back in the field, so the text can be fixed at once from the keyboard.
    expect(await page.evaluate('document.activeElement?.id')).toBe('answer-text');
    const edited = 'Hi Aisha, ORD-1005 is on its way <b>today</b>. Sam from support';
    await answer.fill(edited);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Send edited answer');
    await page.keyboard.press('Enter');
    const transcript = page.locator('.acting .transcript');
    await expect.poll(() => transcript.innerText(), { timeout: 15_000 }).toContain(`${edited} (sent edited)`);
    expect(await transcript.locator('b').count()).toBe(0);
    await expect.poll(() => answer.count()).toBe(0);
    const headers = { authorization: `Bearer ${STAFF_TOKEN}` };
    const { audit } = await fetch(`${keel.url}/v1/staff/audit`, { headers }).then(
      (r) =>
        r.json() as Promise<{
          audit: { actor: string; action: string; conversationId: string; detail: unknown }[];
        }>,
    );
    const entry = audit.find((a) => a.action === 'reply_edited');
    expect(entry).toMatchObject({ actor: 'staff', detail: { agentText, text: edited } });
    const stored = await fetch(`${keel.url}/v1/staff/conversations/${entry?.conversationId}`, {
      headers,
    }).then((r) => r.json() as Promise<{ messages: { role: string; text: string }[] }>);
    expect(stored.messages.at(-1)).toMatchObject({ role: 'agent', text: edited });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders customer text as text: <img onerror> and javascript: links do nothing', async () => {
    const { page, problems } = await freshWidget();
    const hostile =
      '<img src=x onerror="window.__pwned=1"> [click](javascript:window.__pwned=2) <a href="javascript:window.__pwned=3">here</a>';
    await say(page, hostile);
    await expect.poll(() => log(page).innerText()).toContain('<img src=x onerror=');
    expect(await log(page).locator('img, a').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // The same text in the console's transcript.
    const consolePage = await context.newPage();
    await signIn(consolePage);
    await consolePage.getByRole('button', { name: 'Search' }).click();
    await consolePage.getByLabel('Customer id').fill('C-1001');
    await consolePage.getByRole('button', { name: 'Search' }).last().click();
    await consolePage.getByRole('button', { name: 'Open' }).first().waitFor();
    for (const open of await consolePage.getByRole('button', { name: 'Open' }).all()) {
      await open.click();
      if ((await consolePage.locator('.conversation').innerText()).includes('<img src=x')) break;
    }
    const transcript = consolePage.locator('.conversation .transcript');
    await expect.poll(() => transcript.innerText()).toContain('<img src=x onerror=');
    expect(await transcript.locator('img, a').count()).toBe(0);
    expect(await consolePage.evaluate('window.__pwned')).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
    await consolePage.close();
  });

  it('a staff member takes a conversation over: the agent stays silent until handed back, all in the audit trail', async () => {
    const { page, problems } = await freshWidget();
    await say(page, 'Where is my order ORD-1001?');
    await expect.poll(() => log(page).getByRole('listitem').count(), { timeout: 20_000 }).toBe(2);
    const conversationId = await page.locator('form.keel-form').getAttribute('data-conversation');
    const consolePage = await context.newPage();
    await signIn(consolePage);
    await consolePage.getByRole('button', { name: 'Search' }).click();
    await consolePage.getByLabel('Customer id').fill('C-1001');
    await consolePage.getByRole('button', { name: 'Search' }).last().click();
    await consolePage.locator(`li[data-conversation="${conversationId}"] button`).click();
    await consolePage.getByRole('button', { name: 'Take over the conversation' }).click();
    await consolePage.getByLabel('Message to the customer').fill('Hi Maya, this is Sam from support.');
    await consolePage.getByRole('button', { name: 'Send to the customer' }).click();
    await expect
      .poll(() => log(page).innerText(), { timeout: 15_000 })
      .toContain('Support: Hi Maya, this is Sam');
    // The customer's answer reaches the console, and the agent does not answer it.
    await say(page, 'Thanks Sam, where is it?');
    const transcript = consolePage.locator('.conversation .transcript');
    await expect
      .poll(() => transcript.innerText(), { timeout: 15_000 })
      .toContain('Thanks Sam, where is it?');
    await expect.poll(() => log(page).getByRole('listitem').count()).toBe(4);
    await expect.poll(() => page.getByLabel('Message').isEnabled()).toBe(true);
    // The answer to that message is complete once the widget may send again: nothing from the agent.
    const stored = await fetch(`${keel.url}/v1/staff/conversations/${conversationId}`, {
      headers: { authorization: `Bearer ${STAFF_TOKEN}` },
    }).then((r) => r.json() as Promise<{ messages: { role: string }[] }>);
    expect(stored.messages.map((m) => m.role)).toEqual(['customer', 'agent', 'staff', 'customer']);
    await consolePage.getByRole('button', { name: 'Hand back to the agent' }).click();
    const audit = consolePage.locator('.audit');
    await expect
      .poll(() => audit.innerText())
      .toMatch(/staff · takeover[\s\S]*staff · message|staff · handback/);
    await expect.poll(() => audit.innerText()).toContain('staff · handback');
    await screenshot(consolePage, 'console-takeover');
    expect(problems).toEqual([]);
    await page.close();
    await consolePage.close();
  });

  it("works on a shop's own site on another origin, allowed by KEEL_ALLOWED_ORIGINS", async () => {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(shopOrigin);
    await expect.poll(() => page.getByLabel('Message').isEnabled(), { timeout: 15_000 }).toBe(true);
    await say(page, 'Where is my order ORD-1003?');
    await expect
      .poll(() => log(page).getByRole('listitem').count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
    await page.close();
  });
});
