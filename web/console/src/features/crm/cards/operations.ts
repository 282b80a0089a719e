// Member cards: the list, one card with its ledger, the look-up by card number, issuing a
// card, checking a PIN and posting a transaction.
import { graphql } from "../../../gql";

export const memberCardFields = graphql(`
  fragment MemberCardFields on MemberCard {
    id
    cardNumber
    tier
    balanceMinor
    points
    overdraftMinor
    contactId
    lockedUntil
    createdAt
  }
`);

export const cardLedgerEntryFields = graphql(`
  fragment CardLedgerEntryFields on CardLedgerEntry {
    id
    kind
    amountMinor
    pointsDelta
    balanceAfter
    pointsAfter
    reason
    actor
    idempotencyKey
    at
  }
`);

export const memberCardsQuery = graphql(`
  query MemberCards($limit: Int!) {
    memberCards(limit: $limit) {
      ...MemberCardFields
    }
  }
`);

export const memberCardQuery = graphql(`
  query MemberCard($id: ID!, $ledgerLimit: Int!) {
    memberCard(id: $id) {
      ...MemberCardFields
      ledger(limit: $ledgerLimit) {
        ...CardLedgerEntryFields
      }
    }
  }
`);

export const memberCardByNumberQuery = graphql(`
  query MemberCardByNumber($cardNumber: String!) {
    memberCardByNumber(cardNumber: $cardNumber) {
      ...MemberCardFields
    }
  }
`);

export const createMemberCardMutation = graphql(`
  mutation CreateMemberCard($input: MemberCardInput!) {
    createMemberCard(input: $input) {
      ...MemberCardFields
    }
  }
`);

export const verifyCardPinMutation = graphql(`
  mutation VerifyCardPin($cardNumber: String!, $pin: String!) {
    verifyCardPin(cardNumber: $cardNumber, pin: $pin) {
      ...MemberCardFields
    }
  }
`);

export const postCardTransactionMutation = graphql(`
  mutation PostCardTransaction($input: CardTransactionInput!) {
    postCardTransaction(input: $input) {
      replayed
      entry {
        ...CardLedgerEntryFields
      }
      card {
        ...MemberCardFields
      }
    }
  }
`);
