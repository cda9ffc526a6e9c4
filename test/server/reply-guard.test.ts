import { describe, expect, it } from 'vitest';
import { forbiddenRequests } from '../../src/planner/secret-request.js';

describe('the guard on a reply a person edited', () => {
  it.each([
    [
      'Please send me your card number and the CVV on the back.',
      ['a card number', 'the card security code (CVV)'],
    ],
    ["What's the 3-digit security code?", ['the card security code (CVV)']],
    ['To verify you, reply with your password', ['a password']],
    ['Could you tell me the one-time code we just texted you?', ['a one-time code']],
    ['We need the verification code from the SMS', ['a one-time code']],
    ['Your PIN?', ['a PIN']],
    ['Card details and expiry date please', ['a card number', "the card's expiry date"]],
    ['Please share your IBAN so we can pay you back', ['bank account details']],
    // A warning in one clause does not cover a request in the next.
    ["Don't share your password with anyone, but send me your card number", ['a card number']],
    // A card number written out is refused whatever the words around it.
    ['I have your card as 4242 4242 4242 4242, right', ['a card number']],
  ])('refuses %j', (text, asks) => {
    expect(forbiddenRequests(text)).toEqual(asks);
  });

  it.each([
    'Your return for ORD-1001 is set up; the refund goes back to the card ending 4242.',
    'We will never ask for your password or card number in this chat.',
    'Please do not share your one-time code with anyone.',
    'Your order ORD-1004 is cancelled. Tracking 1Z999AA10123456784 is void.',
    'The label is attached: print it and drop the parcel at any UPS point.',
    'No need to send your card details: the refund is automatic.',
  ])('lets %j through', (text) => {
    expect(forbiddenRequests(text)).toEqual([]);
  });
});
