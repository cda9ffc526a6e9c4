import { z } from 'zod';
import { PaymentMethod } from './payments.js';
import { Address } from './shop.js';

/** The customer's own record: the default (profile) address, distinct from any order's shipping address. */
export const Profile = z.object({
  customerId: z.string(),
  name: z.string(),
  email: z.string(),
  defaultAddress: Address,
  paymentMethods: z.array(PaymentMethod),
});
export type Profile = z.infer<typeof Profile>;

/** What staff see when they look a customer up before acting for them. */
export interface CustomerMatch {
  customerId: string;
  name: string;
  email: string;
  postalCode: string;
}

/** How staff find a customer: by email, or by name and postal code. */
export type CustomerQuery = { email: string } | { name: string; postalCode: string };
