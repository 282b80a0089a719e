// SIP trunks: the list (the password is write-only: only `hasPassword` comes back) and
// saving or deleting one.
import { graphql } from "../../../gql";

export const sipTrunksQuery = graphql(`
  query SipTrunks {
    sipTrunks {
      id
      name
      host
      port
      transport
      username
      hasPassword
      allowedSources
    }
  }
`);

export const createSipTrunkMutation = graphql(`
  mutation CreateSipTrunk($input: SipTrunkInput!) {
    createSipTrunk(input: $input) {
      id
    }
  }
`);

export const updateSipTrunkMutation = graphql(`
  mutation UpdateSipTrunk($id: ID!, $input: SipTrunkInput!) {
    updateSipTrunk(id: $id, input: $input) {
      id
    }
  }
`);

export const deleteSipTrunkMutation = graphql(`
  mutation DeleteSipTrunk($id: ID!) {
    deleteSipTrunk(id: $id)
  }
`);
