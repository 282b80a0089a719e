// Desk phones (SIP endpoints): the list, adding one and deleting one.
import { graphql } from "../../../gql";

export const sipEndpointsQuery = graphql(`
  query SipEndpoints {
    sipEndpoints {
      id
      username
      displayName
      userId
      createdAt
    }
  }
`);

export const createSipEndpointMutation = graphql(`
  mutation CreateSipEndpoint($input: SipEndpointInput!) {
    createSipEndpoint(input: $input) {
      id
    }
  }
`);

export const deleteSipEndpointMutation = graphql(`
  mutation DeleteSipEndpoint($id: ID!) {
    deleteSipEndpoint(id: $id)
  }
`);
