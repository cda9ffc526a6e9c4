// What no message of keel's may ask a customer for: payment data and credentials. A support
// agent never needs them, so a text that asks for one was steered (an injection, a hostile or
// confused model) and is not sent. Checked on a model's rephrased question and, as a last line,
// on every message the agent sends.

const SECRETS: readonly RegExp[] = [
  // English
  /\b(credit|debit|bank)?\s*card\s*(number|no\.?|num|details|info(rmation)?)\b/i,
  /\b(cvv2?|cvc2?|cv2|csc|security code|card verification)\b/i,
  /\b(expiry|expiration|exp\.?)\s*(date|month|year)?\b.*\bcard\b|\bcard\b.*\b(expiry|expiration)\b/i,
  /\bpin( code| number)?\b/i,
  /\bpass(word|code|phrase)s?\b/i,
  /\b(one[- ]time|verification|login|sign[- ]in|2fa|mfa|otp|sms|security)\s*(code|pass(code|word)?|token)\b/i,
  /\b(otp|2fa code)\b/i,
  /\b(iban|routing number|sort code|account number|bank (account )?details|swift|bic)\b/i,
  /\b(social security|ssn)\b/i,
  // Spanish, Portuguese, French, German, Italian, Dutch
  /\b(n[úu]mero de (la )?tarjeta|tarjeta de cr[ée]dito|c[óo]digo de seguridad|contrase[ñn]a|clave|fecha de (caducidad|vencimiento))\b/i,
  /\b(n[úu]mero do cart[ãa]o|cart[ãa]o de cr[ée]dito|senha|c[óo]digo de verifica[çc][ãa]o)\b/i,
  /\b(num[ée]ro de (la |votre )?carte|carte (bancaire|de cr[ée]dit)|cryptogramme|mot de passe|code (secret|de s[ée]curit[ée])|date d'expiration)\b/i,
  /\b(kartennummer|kreditkarte|pr[üu]fnummer|passwort|kennwort|geheimzahl|sicherheitscode|ablaufdatum|bankverbindung)\b/i,
  /\b(numero della carta|carta di credito|codice di sicurezza|parola d'ordine|data di scadenza)\b/i,
  /\b(kaartnummer|creditcard|wachtwoord|pincode|beveiligingscode|vervaldatum)\b/i,
];

/** Whether a text asks for (or carries) payment data or a credential. */
export function asksForSecrets(text: string): boolean {
  const plain = text.normalize('NFKC');
  return SECRETS.some((pattern) => pattern.test(plain));
}

/** Said instead of a message the guard stopped. */
export const WITHHELD_REPLY =
  "Sorry, I can't continue with that here. I will never ask for card details, passwords or codes. Is there anything else I can help with?";

/** The text, or the safe reply when it asks for payment data or credentials. */
export function guardOutgoing(text: string): string {
  return asksForSecrets(text) ? WITHHELD_REPLY : text;
}
