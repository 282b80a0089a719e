// The GraphQL fragments more than one feature's documents spread (each feature keeps its own
// documents in its `operations.ts`; codegen finds them all). A session's tokens come back the
// same way from signing up, logging in, accepting an invitation and refreshing.
import { graphql } from "../gql";

export const authTokenFields = graphql(`
  fragment AuthTokenFields on AuthPayload {
    accessToken
    refreshToken
    expiresIn
  }
`);
