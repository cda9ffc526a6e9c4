// Patterns over an answer's words (lower-case, joined by single spaces, punctuation dropped) that
// say what an answer is when it is not a plain yes. Only the `yes` vocabulary can make a yes; these
// decide which of the other kinds to report, so a miss here costs a less helpful reply, never a write.

// `\b` in a JavaScript pattern knows only ASCII letters, so "sí" or "não" would never end a word;
// `re` turns each `\b` into a boundary between letters (any script), digits and apostrophes and the rest.
const WORD = String.raw`[\p{L}\p{N}']`;
function re(source: string, flags = ''): RegExp {
  const boundary = `(?:(?<!${WORD})(?=${WORD})|(?<=${WORD})(?!${WORD}))`;
  return new RegExp(source.replaceAll(String.raw`\b`, boundary), `${flags}u`);
}

/** Claims of authority or role markers: text written to look like the system, not like a customer. */
export const INJECTION = re(
  String.raw`^\W*(system|assistant|admin|administrator|developer|operator|user|agent|bot|tool)\s*[:>\]]|<\s*\/?\s*(system|assistant|user|instructions?|im_start|im_end)\b|\[\s*\/?\s*(system|assistant|inst|user)\s*\]|\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions|rules|policy|above|previous|checks?|confirmation)\b|\b(treat|consider|count|mark|read|take)\b.{0,30}\bas (a )?(yes|consent|confirm(ed|ation)?|approv(al|ed))\b|\b(consent|confirm(ed)?|approved?)\s*[=:]|\bas (the |an? )?(admin|administrator|manager|staff|operator|supervisor|developer|system)\b|\bi authori[sz]e\b|\b(the )?(customer|user) (has )?(said|says|confirmed|consented|agreed|approved)\b|\bapprove(d)?\b.{0,20}(refund|\$|€|£|\d)|\bsystem prompt\b|\bjailbreak\b|\bdeveloper mode\b`,
  'i',
);

/** Sarcasm that reads as a refusal ("yeah right", "great idea, NOT") or as a jibe. */
export const SARCASTIC_NO = re(String.raw`^(yeah|yes|oh) right\b|^as if\b`);
export const SARCASTIC_NO_CASED = re(String.raw`\bNOT\W*$`);
export const SARCASM = re(
  String.raw`\b(while you'?re at it|worked so well|and i'?m the (queen|king|pope))\b|(^|\s)\/s\b`,
);
/** "yeah yeah": heard, not agreed. */
export const DISMISSIVE = /^(y+e+a+h* ?){2,}$/u;
export const EYE_ROLL = /[🙄😒😏]/u;

/** A yes made to depend on something: ask again rather than guess whether the condition holds. */
export const CONDITION = re(
  String.raw`\b(if|unless|as long as|provided|providing|only when|on condition)\b|\b(seulement si|solo si|sólo si|nur wenn|wenn|solo se|só se|alleen als|mits)\b`,
);

const VERBS =
  'cancel|return|refund|track|exchange|change|update|replace|reorder|order|buy|swap|close|delete|remove|add|upgrade|downgrade|reship|resend|redeliver|credit|charge|unsubscribe|modify|edit|switch|cancela|cancelar|cancele|annulez|annule|annuler|storniere|stornieren|annulla|annullare|annuleer|annuleren|devuelve|devolver|rembourse|rembourser|reembolsa|rimborsa';
const CUE =
  "please|also|just|and|then|you|to|rather|wanna|let's|y|et|und|e|en|también|aussi|auch|anche|também|ook|lieber|plutôt|mejor";
const HANDOVER = re(
  String.raw`\b(talk|speak|chat) (to|with) (a|an|the|someone|somebody|your)\b|\b(get|give|connect|transfer|put) me (to |through to |with )?(a|an|the)? ?(human|person|agent|manager|supervisor|representative)\b|\b(human|real person|manager|supervisor)\b`,
);

const ASKS_FOR_A_THING = re(
  String.raw`\b(send|give) me (a|an|some) (?!(minute|second|sec|moment|bit|while)\b)`,
);
const ACTION = re(String.raw`\b(${VERBS})\b`);
const ALSO = re(String.raw`\b(instead|too|as well|also|también|aussi|auch|anche|também|ook)\b`);
const CUED_ACTION = re(String.raw`\b(${CUE}) ([\p{L}']+ )?(${VERBS})\b`);
const ACTION_WORD = re(`^(${VERBS})$`);

/** Another request: a verb of action asked for ("also cancel ORD-1031", "track it instead"). */
export function asksSomethingElse(flat: string, clauses: string[][]): boolean {
  if (HANDOVER.test(flat) || ASKS_FOR_A_THING.test(flat)) return true;
  if (!ACTION.test(flat)) return false;
  if (ALSO.test(flat) || CUED_ACTION.test(flat)) return true;
  // An order at the start of a clause, with an object that is not just "that" ("cancel ORD-1031").
  return clauses.some((c) => ACTION_WORD.test(c[0] ?? '') && /[\p{L}\p{N}]/u.test(objectOf(c)));
}

function objectOf(clause: string[]): string {
  return clause
    .slice(1)
    .filter((w) => !/^(that|this|it|everything|all|please|now|then)$/.test(w))
    .join(' ');
}

/** A change to the action's details: another order, other items, a size, an address, a quantity. */
export const CORRECTION = re(
  String.raw`\b(i meant|meant|i mean (the|ord|order|size|number|item))\b|\b(the|an|my) other\b|\bother (one|order|item|size|address|colou?r)\b|\bnot (that|this) (one|order|item|size|address)\b|\bwrong (one|order|item|size|address|colou?r|product|number)\b|\bdifferent (one|order|item|size|address|colou?r|product)\b|\bsize \w+\b|\bmake it\b|\b(only|just) the\b|\bthe \w+ only\b|\bnot the \w+\b|\bthe \w+ one\b|\bquantity\b|\b\d+ of them\b|\baddress (is|instead)\b|\bto my \w+ address\b|\bord ?\d+|\b\d{3,}\b|\b(die|der|das) andere\b|\b(el|la) otr[oa]\b|\bl'autre\b|\bl'altr[oa]\b|\b(o|a) outr[oa]\b|\bde andere\b|\b(la|de la) commande\b|\bbestellung\b|\bpedido\b`,
);

/** Doubt that is about the answer itself, and outweighs any yes or no around it. */
export const DOUBT = re(
  String.raw`\b(not sure|unsure|no idea|don'?t know|do not know|dunno|idk|maybe|perhaps|probably|possibly|let me think|think about it|need to think|i guess|i suppose|i think|not yet|kind of|kinda|sort of|wouldn'?t|would not|what if|not decided|haven'?t decided|undecided|check with|ask my|later|tomorrow|not today|next week|peut être|vielleicht|quizás?|tal vez|forse|talvez|misschien|no sé|je ne sais pas|weiß nicht|non so|não sei|weet (ik )?niet)\b|[🤔🤷😬😕]`,
);

/** A pause or a reservation: "wait", "hmm", "ok but". */
export const PAUSE = re(
  String.raw`\b(wait|hold on|hang on|one sec|a sec|a second|a minute|a moment|h+m+|uh+|u+m+|erm|er|but|attends|attendez|warte|espera|aspetta|momento|aber|mais|pero|ma|mas|maar)\b`,
);

const QUESTION_WORDS =
  "what|what's|whats|when|where|which|who|whom|whose|why|how|is|are|was|will|would|do|does|did|can|could|should|shall|may|am|cuándo|cuando|cuánto|qué|dónde|quand|combien|comment|où|wann|wie|was|wo|quando|quanto|come|dove|onde|wanneer|hoeveel|waar|wat";
const QUESTION_WORD = re(`^(${QUESTION_WORDS})$`);

/** A read-only question: a question word with a question mark, or a clause opening with one. */
export function asksAQuestion(flat: string, clauses: string[][], marks: string[]): boolean {
  if (marks.includes('?') || marks.includes('¿')) return flat.split(' ').some((w) => QUESTION_WORD.test(w));
  return clauses.some((c) => /^(what|when|where|which|how|why)$/.test(c[0] ?? ''));
}

/** Words that refuse, or take the action back. */
export const REFUSAL = re(
  String.raw`\b(no|nope|nah|nay|non|nein|nee|não|nao|niet|don'?t|do not|stop|never ?mind|forget (it|that|about it)|leave it|leave the|changed my mind|change of heart|not now|no need|negative|scratch that|skip it|hold off|rather not|keep it|keep the|no way|cancel( that| this)?|mejor no|lascia stare|laat maar|bitte nicht|déjalo|deixa|pas question|pas d'accord|nicht einverstanden|niet akkoord|non d'accordo|ni hablar|can'?t|cannot)\b|\bnot (yes|ok|okay|fine)\b|\b(never|didn'?t|did not) (say|said) yes\b|\b(absolutely|definitely|certainly|of course) not\b|[👎❌🚫✖]`,
);

/** The yes words that count as a signal inside a longer answer (for "yes... actually no"). */
export const YES_SIGNAL = re(
  String.raw`\b(yes|yeah|yep|yup|ok|okay|sure|alright|go ahead|do it|proceed|sí|si|oui|ja|sì|sim)\b|👍`,
);
export const NEGATOR = re(String.raw`\b(not|never|don'?t|didn'?t|isn'?t|wasn'?t|won'?t|nicht|pas)\b`);
export const RETRACTION = re(String.raw`\b(actually|wait|i mean|on second thoughts?|scratch that|hmm+)\b`);
