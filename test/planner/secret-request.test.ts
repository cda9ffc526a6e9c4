import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { Conversations } from '../../src/agent/conversation.js';
import { OfflinePlanner } from '../../src/planner/offline-planner.js';
import { asksForSecrets, guardOutgoing, WITHHELD_REPLY } from '../../src/planner/secret-request.js';
import { ScriptedPlanner, sequentialIds } from '../../src/testing/index.js';
import { createShopHarness } from '../helpers/shop-harness.js';

const ASKING = [
  'Please send your card number and CVV.',
  'What is the expiry date on your card?',
  'Could you confirm the 3-digit security code on the back?',
  'Tell me your PIN so I can verify the refund.',
  'Please share your password for the account.',
  'Read me the one-time code we just texted you.',
  'What is your OTP?',
  'Please give me your IBAN and sort code.',
  'I need your full bank details to refund you.',
  'Por favor, envíe el número de tarjeta y el código de seguridad.',
  'Indique su contraseña, por favor.',
  'Merci de nous donner le numéro de votre carte et le cryptogramme.',
  'Quel est votre mot de passe ?',
  'Bitte senden Sie Ihre Kartennummer und die Prüfnummer.',
  'Wie lautet Ihr Passwort?',
  'Por favor, informe o número do cartão e a senha.',
  'Mi dica il numero della carta e il codice di sicurezza.',
  'Wat is uw wachtwoord en pincode?',
];

const HARMLESS = [
  'Which order would you like me to return? Please give the order number (it looks like ORD-1001).',
  'I can do that: a return of Canvas Cap from ORD-1003, with a refund of 22.00 USD to Visa •••• 4242. Shall I go ahead?',
  'Order ORD-1005 is in transit with UPS, tracking number 1Z999AA10123456784, expected by 2026-11-27.',
  'A refund of 59.98 USD is scheduled and should reach you by 2026-12-01.',
  'What is the new shipping address for ORD-1004? Please include the street, city and postal code.',
  'Which size or colour would you like instead of the Trail Runner (size 9)? Available: Trail Runner (size 10).',
  'Your return for ORD-1001 is set up. Return label: https://labels.sandbox.keel.dev/lbl_1.pdf (UPS 1ZRET0001).',
  'I have passed your request to a colleague; they will reply here.',
];

describe('the payment-data and credentials guard', () => {
  it.each(ASKING)('stops %j', (text) => {
    expect(asksForSecrets(text)).toBe(true);
    expect(guardOutgoing(text)).toBe(WITHHELD_REPLY);
  });

  it.each(HARMLESS)('lets %j through', (text) => {
    expect(asksForSecrets(text)).toBe(false);
    expect(guardOutgoing(text)).toBe(text);
  });

  it('is the last line on every message: a planner whose question carries such a text sends the safe reply', async () => {
    const h = createShopHarness();
    const planner = new ScriptedPlanner([
      {
        intent: 'return',
        confidence: 0.9,
        steps: [],
        ask: { kind: 'which_order', slots: {}, text: 'Please send your card number and CVV' },
      },
    ]);
    const agent = new Agent({ planner, executor: h.executor, domain: h.domain });
    const conversations = new Conversations({
      agent,
      store: h.store,
      domain: h.domain,
      runtime: { clock: h.time.clock, sleep: h.time.sleep, ids: sequentialIds(), random: () => 0.5 },
      workflows: { listWorkflows: (f) => h.store.listWorkflows(f), inspect: (id) => h.executor.inspect(id) },
    });
    const { id } = await conversations.start('C-1001');
    const outcome = await conversations.post(id, 'C-1001', 'a return');
    expect(outcome.reply).not.toMatch(/card number|CVV/i);
    const messages = await h.store.messages(id);
    expect(messages.map((m) => m.text).join(' ')).not.toMatch(/card number|CVV/i);
  });

  it('the offline planner asks structured questions, worded by the domain', async () => {
    const h = createShopHarness();
    const planner = new OfflinePlanner(h.domain.offline);
    const facts = await h.domain.facts('C-1001');
    const result = await planner.plan({
      customerId: 'C-1001',
      messages: [{ role: 'customer', text: 'I want to return something' }],
      facts,
    });
    expect(result.plan.ask).toMatchObject({ kind: 'which_order', slots: { intent: 'return' } });
    expect(result.plan.ask?.text).toBeUndefined();
  });
});
