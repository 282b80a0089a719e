// Phone numbers: the list and saving or deleting one.
import { graphql } from "../../../gql";

export const phoneNumbersQuery = graphql(`
  query PhoneNumbers {
    phoneNumbers {
      id
      number
      label
      routeKind
      routeTargetId
      trunkId
      createdAt
    }
  }
`);

export const createPhoneNumberMutation = graphql(`
  mutation CreatePhoneNumber($input: PhoneNumberInput!) {
    createPhoneNumber(input: $input) {
      id
    }
  }
`);

export const updatePhoneNumberMutation = graphql(`
  mutation UpdatePhoneNumber($id: ID!, $input: PhoneNumberInput!) {
    updatePhoneNumber(id: $id, input: $input) {
      id
    }
  }
`);

export const deletePhoneNumberMutation = graphql(`
  mutation DeletePhoneNumber($id: ID!) {
    deletePhoneNumber(id: $id)
  }
`);
