/** How one attempt at sending a notification ended. */
export type AttemptResult =
  | { readonly outcome: 'delivered'; readonly statusCode: number | null }
  | {
      readonly outcome: 'failed';
      readonly statusCode: number | null;
      readonly error: string;
      /** No later attempt can do better (a mailbox that does not exist, a removed webhook). */
      readonly permanent: boolean;
    };
