// The accounts feature's GraphQL documents: who is signed in, the organisation's users and
// invitations, signing up, logging in, accepting an invitation and changing a password.
import { graphql } from "../../gql";

export const meQuery = graphql(`
  query Me {
    me {
      id
      email
      role
      active
      createdAt
      tenant {
        id
        slug
        name
        createdAt
      }
    }
  }
`);

export const usersQuery = graphql(`
  query Users {
    users {
      id
      email
      role
      active
      createdAt
    }
  }
`);

export const invitationsQuery = graphql(`
  query Invitations {
    invitations {
      id
      email
      role
      createdAt
      expiresAt
      acceptedAt
      revokedAt
    }
  }
`);

export const signUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      ...AuthTokenFields
    }
  }
`);

export const logInMutation = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      ...AuthTokenFields
    }
  }
`);

export const acceptInviteMutation = graphql(`
  mutation AcceptInvite($input: AcceptInviteInput!) {
    acceptInvite(input: $input) {
      ...AuthTokenFields
    }
  }
`);

export const changePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export const inviteUserMutation = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      id
      token
      invitation {
        id
        email
        role
        expiresAt
      }
    }
  }
`);

export const revokeInvitationMutation = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) {
      id
      revokedAt
    }
  }
`);

export const deactivateUserMutation = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      active
    }
  }
`);

export const reactivateUserMutation = graphql(`
  mutation ReactivateUser($id: ID!) {
    reactivateUser(id: $id) {
      id
      active
    }
  }
`);
