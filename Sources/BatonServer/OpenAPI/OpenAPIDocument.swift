/// The OpenAPI description of every endpoint Baton serves, served at `/openapi.yaml`.
/// `OpenAPIDocumentTests` fails when this and the registered routes disagree.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: Baton
  version: "1.0"
  summary: Failover-group coordinator speaking the Client Failover API.
  description: |
    Baton decides which single member (client session) of each failover group is
    Primary, moves that role without overlap and hands the Primary a fencing epoch.
    This document describes every endpoint Baton serves; a test holds it equal to the
    routes the server registers.

    Wire rules:

    - The Client Failover API is served under three prefixes with the same operations:
      `/api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover`,
      `/api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover` (the same
      groups as `api/v1`) and `/api/v1/clientfailover` (on-premises form: tenant `default`,
      namespace `default`, so the same groups as `/api/v1/tenants/default/namespaces/default/clientfailover`).
    - Paths are matched case-insensitively (`clientSessions` works); ids are case-sensitive.
      An id (tenant, namespace, group, session) is percent-decoded from the path and must be
      1–100 characters with no control characters and none of `/ ? # %`.
    - Request bodies are JSON objects of at most 65536 bytes. Property names are matched
      case-insensitively, `null` counts as absent and unknown properties are ignored.
      A property of the wrong type is a 400 naming it.
    - Answers use PascalCase, write every property (absent values as `null`) and write enums as
      integers. Dates are ISO-8601 UTC
      with milliseconds (`2026-11-23T15:41:23.123Z`); time spans are .NET `TimeSpan` text.
      Dates in requests are RFC 3339 with an upper-case `T` and `Z` or an offset of at most
      ±18:00 and up to 9 digits of fraction; one outside 1583-01-01 to 9999-12-31 UTC is a 400
      (before 1583 dates would be read in the Julian calendar and written in the Gregorian one;
      the patterns keep requests to the years 1584–9998, where no offset can leave that range).
    - Every refusal carries an `ErrorResponse` body and the same `OperationId` in the
      `Operation-Id` header. A path that matches no endpoint is a 404 whose `Error` is
      `No such route.`; a path that does, asked with a method it does not serve, is a 405 with
      `Allow` listing the methods it serves (`Code` `MethodNotAllowed`; under `/hybridity` the
      HCX error body).
    - Elements marked `x-baton-extension: true` are Baton's additions to the vendor API.
    - Authentication: with `--auth required` (`BATON_AUTH=required`) every Client Failover and
      access-control operation needs credentials: HTTP Basic (users), a bearer token from
      `POST /identity/connect/token` (clients, OAuth2 client credentials) or an HCX session
      token from `POST /hybridity/api/sessions` (users; in `x-hm-authorization`, or bare in
      `Authorization`). Missing or bad credentials are a 401 with `WWW-Authenticate`. With
      authentication disabled (loopback only) every request has full rights.
    - Authorization: each principal holds a role in one tenant (reader < member < operator <
      admin); an access control list on the group, or else on its namespace, can only narrow
      what the role allows, and a denial wins. A refusal is a 403, also for any group of
      another tenant, whether or not it exists.
    - Rate limits: requests per principal and heartbeats per session; beyond them a 429 with
      `Retry-After`.
servers:
  - url: http://127.0.0.1:5590
    description: The default address of `baton serve`.
tags:
  - name: Service
    description: Baton's own endpoints.
  - name: Authentication
    description: Obtaining a bearer token or an HCX session token.
  - name: Client Failover (v1)
    description: "`/api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover`"
  - name: Client Failover (v1-preview)
    description: "`/api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover`: the same operations and data as v1."
  - name: Client Failover (on-premises)
    description: "`/api/v1/clientfailover`: tenant `default`, namespace `default`."
  - name: HA groups (HCX)
    description: "`/hybridity/api/interconnect`: the VMware HCX HA groups API, plus Baton's appliance registration and heartbeat. The tenant is the principal's (`default` with authentication off). Errors are `{errors:[{code,message}]}`; 401 and 403 have no body. See docs/ha-groups.md."
security:
  - basic: []
  - bearer: []
  - hcx: []
paths:
  /health:
    get:
      tags: [Service]
      operationId: getHealth
      security: []
      summary: Coordinator liveness
      description: Answers 200 while the process serves HTTP. It does not touch the store.
      x-baton-extension: true
      responses:
        "200":
          description: The coordinator is serving.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Health"
  /openapi.yaml:
    get:
      tags: [Service]
      operationId: getOpenAPIDocument
      security: []
      summary: This document
      x-baton-extension: true
      responses:
        "200":
          description: The OpenAPI 3.1 description of every endpoint Baton serves, as YAML text.
          content:
            application/yaml:
              schema:
                description: The document, a YAML mapping.
                type: object
                required: [openapi, info, paths, components]
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
    get:
      tags: [Client Failover (v1)]
      operationId: getVersionCloud
      summary: Version of the Client Failover API
      responses:
        "200":
          description: The API version.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Version"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
    get:
      tags: [Client Failover (v1)]
      operationId: listGroupsCloud
      summary: List group configurations
      description: The groups of this tenant and namespace, ordered by id, one page at a time.
      parameters:
        - $ref: "#/components/parameters/skip"
        - $ref: "#/components/parameters/count"
      responses:
        "200":
          description: One page of group configurations.
          headers:
            Total-Count:
              $ref: "#/components/headers/Total-Count"
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    post:
      tags: [Client Failover (v1)]
      operationId: createGroupCloud
      summary: Create a group
      description: |
        Creates the group. `Id` is required. Sending the same configuration again changes
        nothing and answers 200; the whole configuration is compared (`Name`, `Description`,
        `FailoverTimeout`, `AdditionalData`, `PreemptionPolicy`, with absent values taking
        their defaults). Another configuration under an existing id is a 409.
      requestBody:
        $ref: "#/components/requestBodies/GroupCreation"
      responses:
        "201":
          description: The group was created.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "200":
          description: A group with this id and exactly this configuration already exists; nothing changed.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "409": { $ref: "#/components/responses/GroupConflict" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1)]
      operationId: getGroupCloud
      summary: Get a group configuration
      responses:
        "200":
          description: The group configuration.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    put:
      tags: [Client Failover (v1)]
      operationId: putGroupCloud
      summary: Create a group or replace its configuration
      description: |
        Creates the group, or replaces its whole configuration: properties left out take their
        defaults (`FailoverTimeout` 00:01:00, `PreemptionPolicy` Score, the others null).
        `Id` may be left out; when present it must equal `groupId` exactly. A new
        `FailoverTimeout` applies to each member's lease from its next heartbeat on; leases
        already granted keep their length. The vendor documents PUT for v1-preview only;
        Baton serves it under every prefix.
      x-baton-extension: true
      requestBody:
        $ref: "#/components/requestBodies/GroupReplacement"
      responses:
        "200":
          description: The group existed; its configuration is now this one (unchanged if it already was).
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "201":
          description: The group did not exist and was created.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    delete:
      tags: [Client Failover (v1)]
      operationId: deleteGroupCloud
      summary: Delete a group
      description: |
        Deletes a group that has no client sessions, together with its event history. A group
        with any session, live or not, is refused with 409: delete its sessions first.
      responses:
        "204":
          description: The group and its history were deleted.
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "409": { $ref: "#/components/responses/GroupHasSessions" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/status:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1)]
      operationId: getGroupStatusCloud
      summary: Who is Primary
      description: The group's role state, brought up to date first (a lease that has run out shows as such).
      responses:
        "200":
          description: The group status.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupStatus"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/events:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1)]
      operationId: listGroupEventsCloud
      summary: The group's history
      description: The group's events, oldest first, one page at a time.
      x-baton-extension: true
      parameters:
        - $ref: "#/components/parameters/skip"
        - $ref: "#/components/parameters/count"
      responses:
        "200":
          description: One page of events.
          headers:
            Total-Count:
              $ref: "#/components/headers/Total-Count"
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/GroupEvent"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/clientsessions:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1)]
      operationId: listClientSessionsCloud
      summary: List the group's client sessions
      description: |
        The group's sessions ordered by id, one page at a time. `skip`, `count` and
        `Total-Count` on this list are Baton extensions.
      parameters:
        - $ref: "#/components/parameters/skip"
        - $ref: "#/components/parameters/count"
      responses:
        "200":
          description: One page of client sessions.
          headers:
            Total-Count:
              $ref: "#/components/headers/Total-Count"
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/ClientSession"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    post:
      tags: [Client Failover (v1)]
      operationId: registerClientSessionCloud
      summary: Register a client session
      description: |
        Adds a member to the group as a Secondary. It becomes electable with its first
        heartbeat. Registering the same `Id` with the same `Name` again answers 200 with the
        session as it is now; with other `AdditionalData` that data replaces the stored one
        (event `SessionUpdated`), role, lease and heartbeat untouched.
      requestBody:
        $ref: "#/components/requestBodies/SessionRegistration"
      responses:
        "201":
          description: The session was registered.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ClientSession"
        "200":
          description: The session already exists with this Name; its AdditionalData is now the one sent.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ClientSession"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "409": { $ref: "#/components/responses/SessionConflict" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/clientsessions/{sessionId}:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
      - $ref: "#/components/parameters/sessionId"
    get:
      tags: [Client Failover (v1)]
      operationId: getClientSessionCloud
      summary: Get a client session
      responses:
        "200":
          description: The client session.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ClientSession"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    delete:
      tags: [Client Failover (v1)]
      operationId: deleteClientSessionCloud
      summary: Remove a client session
      description: |
        Removes the member. If it was Primary and its lease had not run out, the group has no
        Primary and nobody is promoted until that lease would have run out (it may still be
        acting on it). To hand over at once, first send a heartbeat with `FailoverScore` 0:
        when another live session has a score above 0 that answer is the demotion.
      responses:
        "204":
          description: The session was removed.
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/clientsessions/{sessionId}/heartbeat:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
      - $ref: "#/components/parameters/sessionId"
    post:
      tags: [Client Failover (v1)]
      operationId: postHeartbeatCloud
      summary: Heartbeat
      description: |
        Renews the session's lease for `FailoverTimeout` from the moment the coordinator
        receives it, records the score, re-evaluates the group and answers the session's role.
        Send it every `FailoverTimeout / 2`. A Primary whose successor is pending is answered
        `Secondary` (the demotion notice) and the successor becomes Primary with the next
        epoch in the same step. See docs/lease-contract.md for what a client must do.
      requestBody:
        $ref: "#/components/requestBodies/HeartbeatRequest"
      responses:
        "200":
          description: The session's role, the Primary's watermark and the group's epoch.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/HeartbeatResponse"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: The group or the session does not exist (removed or never registered); register again.
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/clientsessions/{sessionId}/roleoverride:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
      - $ref: "#/components/parameters/sessionId"
    post:
      tags: [Client Failover (v1)]
      operationId: setRoleOverrideCloud
      summary: Set or clear a role override
      description: |
        `Primary` makes the session the desired Primary even when it is not live, and clears
        every other session's Primary override in the group. `Secondary` (Baton extension)
        drains the session: it is never eligible while the override holds. `Off` clears the
        override. Without `ExpirationPeriod` the override holds until changed.
      requestBody:
        $ref: "#/components/requestBodies/RoleOverrideRequest"
      responses:
        "200":
          description: The override now in force.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/RoleOverrideResponse"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/failover:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    post:
      tags: [Client Failover (v1)]
      operationId: requestFailoverCloud
      summary: Request a planned failover (a task)
      description: |
        Queues a failover task that moves the Primary role to `TargetSessionId`, or when it is
        left out to the best live eligible session other than the Primary (highest score,
        then live longest, then smallest id), now or at `ScheduledTime`. The body may be empty.
        The task runs the ordinary handover: the target is PendingPrimary until the old
        Primary's next heartbeat (answered Secondary) or until its lease runs out. Poll the
        task at the `Location` header. Needs the operator role (write access on the group).
        See docs/failover-tasks.md.
      x-baton-extension: true
      requestBody:
        $ref: "#/components/requestBodies/FailoverRequest"
      responses:
        "202":
          description: The task was accepted (durably); it is QUEUED, or already RUNNING when not scheduled.
          headers:
            Location:
              $ref: "#/components/headers/Location"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/FailoverTask"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: The group, or the session named in `TargetSessionId`, does not exist.
        "409": { $ref: "#/components/responses/FailoverRefused" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/tasks/{taskId}:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/taskId"
    get:
      tags: [Client Failover (v1)]
      operationId: getFailoverTaskCloud
      summary: Read a failover task
      description: |
        The task with its status, progress and steps, brought up to date first. A task is only
        found under the tenant and namespace of its group.
      x-baton-extension: true
      responses:
        "200":
          description: The task.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/FailoverTask"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: No such task under this tenant and namespace.
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    delete:
      tags: [Client Failover (v1)]
      operationId: cancelFailoverTaskCloud
      summary: Cancel a queued failover task
      description: |
        Cancels a task that is still QUEUED; it ends CANCELED and nothing moves. A task that
        has started or finished is a 409 with `Code` `TaskNotCancelable`. Needs the operator role.
      x-baton-extension: true
      responses:
        "200":
          description: The task, now CANCELED.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/FailoverTask"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: No such task under this tenant and namespace.
        "409": { $ref: "#/components/responses/TaskNotCancelable" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: getVersionPreview
      summary: Version of the Client Failover API
      responses:
        "200":
          description: The API version.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Version"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: listGroupsPreview
      summary: List group configurations
      description: The groups of this tenant and namespace, ordered by id, one page at a time.
      parameters:
        - $ref: "#/components/parameters/skip"
        - $ref: "#/components/parameters/count"
      responses:
        "200":
          description: One page of group configurations.
          headers:
            Total-Count:
              $ref: "#/components/headers/Total-Count"
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    post:
      tags: [Client Failover (v1-preview)]
      operationId: createGroupPreview
      summary: Create a group
      description: |
        Creates the group. `Id` is required. Sending the same configuration again changes
        nothing and answers 200; the whole configuration is compared (`Name`, `Description`,
        `FailoverTimeout`, `AdditionalData`, `PreemptionPolicy`, with absent values taking
        their defaults). Another configuration under an existing id is a 409.
      requestBody:
        $ref: "#/components/requestBodies/GroupCreation"
      responses:
        "201":
          description: The group was created.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "200":
          description: A group with this id and exactly this configuration already exists; nothing changed.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "409": { $ref: "#/components/responses/GroupConflict" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: getGroupPreview
      summary: Get a group configuration
      responses:
        "200":
          description: The group configuration.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    put:
      tags: [Client Failover (v1-preview)]
      operationId: putGroupPreview
      summary: Create a group or replace its configuration
      description: |
        Creates the group, or replaces its whole configuration: properties left out take their
        defaults (`FailoverTimeout` 00:01:00, `PreemptionPolicy` Score, the others null).
        `Id` may be left out; when present it must equal `groupId` exactly. A new
        `FailoverTimeout` applies to each member's lease from its next heartbeat on; leases
        already granted keep their length. The vendor documents PUT for v1-preview only;
        Baton serves it under every prefix.
      requestBody:
        $ref: "#/components/requestBodies/GroupReplacement"
      responses:
        "200":
          description: The group existed; its configuration is now this one (unchanged if it already was).
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "201":
          description: The group did not exist and was created.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    delete:
      tags: [Client Failover (v1-preview)]
      operationId: deleteGroupPreview
      summary: Delete a group
      description: |
        Deletes a group that has no client sessions, together with its event history. A group
        with any session, live or not, is refused with 409: delete its sessions first.
      responses:
        "204":
          description: The group and its history were deleted.
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "409": { $ref: "#/components/responses/GroupHasSessions" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/status:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: getGroupStatusPreview
      summary: Who is Primary
      description: The group's role state, brought up to date first (a lease that has run out shows as such).
      responses:
        "200":
          description: The group status.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupStatus"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/events:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: listGroupEventsPreview
      summary: The group's history
      description: The group's events, oldest first, one page at a time.
      x-baton-extension: true
      parameters:
        - $ref: "#/components/parameters/skip"
        - $ref: "#/components/parameters/count"
      responses:
        "200":
          description: One page of events.
          headers:
            Total-Count:
              $ref: "#/components/headers/Total-Count"
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/GroupEvent"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/clientsessions:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: listClientSessionsPreview
      summary: List the group's client sessions
      description: |
        The group's sessions ordered by id, one page at a time. `skip`, `count` and
        `Total-Count` on this list are Baton extensions.
      parameters:
        - $ref: "#/components/parameters/skip"
        - $ref: "#/components/parameters/count"
      responses:
        "200":
          description: One page of client sessions.
          headers:
            Total-Count:
              $ref: "#/components/headers/Total-Count"
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/ClientSession"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    post:
      tags: [Client Failover (v1-preview)]
      operationId: registerClientSessionPreview
      summary: Register a client session
      description: |
        Adds a member to the group as a Secondary. It becomes electable with its first
        heartbeat. Registering the same `Id` with the same `Name` again answers 200 with the
        session as it is now; with other `AdditionalData` that data replaces the stored one
        (event `SessionUpdated`), role, lease and heartbeat untouched.
      requestBody:
        $ref: "#/components/requestBodies/SessionRegistration"
      responses:
        "201":
          description: The session was registered.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ClientSession"
        "200":
          description: The session already exists with this Name; its AdditionalData is now the one sent.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ClientSession"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "409": { $ref: "#/components/responses/SessionConflict" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/clientsessions/{sessionId}:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
      - $ref: "#/components/parameters/sessionId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: getClientSessionPreview
      summary: Get a client session
      responses:
        "200":
          description: The client session.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ClientSession"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    delete:
      tags: [Client Failover (v1-preview)]
      operationId: deleteClientSessionPreview
      summary: Remove a client session
      description: |
        Removes the member. If it was Primary and its lease had not run out, the group has no
        Primary and nobody is promoted until that lease would have run out (it may still be
        acting on it). To hand over at once, first send a heartbeat with `FailoverScore` 0:
        when another live session has a score above 0 that answer is the demotion.
      responses:
        "204":
          description: The session was removed.
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/clientsessions/{sessionId}/heartbeat:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
      - $ref: "#/components/parameters/sessionId"
    post:
      tags: [Client Failover (v1-preview)]
      operationId: postHeartbeatPreview
      summary: Heartbeat
      description: |
        Renews the session's lease for `FailoverTimeout` from the moment the coordinator
        receives it, records the score, re-evaluates the group and answers the session's role.
        Send it every `FailoverTimeout / 2`. A Primary whose successor is pending is answered
        `Secondary` (the demotion notice) and the successor becomes Primary with the next
        epoch in the same step. See docs/lease-contract.md for what a client must do.
      requestBody:
        $ref: "#/components/requestBodies/HeartbeatRequest"
      responses:
        "200":
          description: The session's role, the Primary's watermark and the group's epoch.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/HeartbeatResponse"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: The group or the session does not exist (removed or never registered); register again.
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/clientsessions/{sessionId}/roleoverride:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
      - $ref: "#/components/parameters/sessionId"
    post:
      tags: [Client Failover (v1-preview)]
      operationId: setRoleOverridePreview
      summary: Set or clear a role override
      description: |
        `Primary` makes the session the desired Primary even when it is not live, and clears
        every other session's Primary override in the group. `Secondary` (Baton extension)
        drains the session: it is never eligible while the override holds. `Off` clears the
        override. Without `ExpirationPeriod` the override holds until changed.
      requestBody:
        $ref: "#/components/requestBodies/RoleOverrideRequest"
      responses:
        "200":
          description: The override now in force.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/RoleOverrideResponse"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/failover:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    post:
      tags: [Client Failover (v1-preview)]
      operationId: requestFailoverPreview
      summary: Request a planned failover (a task)
      description: |
        Queues a failover task that moves the Primary role to `TargetSessionId`, or when it is
        left out to the best live eligible session other than the Primary (highest score,
        then live longest, then smallest id), now or at `ScheduledTime`. The body may be empty.
        The task runs the ordinary handover: the target is PendingPrimary until the old
        Primary's next heartbeat (answered Secondary) or until its lease runs out. Poll the
        task at the `Location` header. Needs the operator role (write access on the group).
        See docs/failover-tasks.md.
      x-baton-extension: true
      requestBody:
        $ref: "#/components/requestBodies/FailoverRequest"
      responses:
        "202":
          description: The task was accepted (durably); it is QUEUED, or already RUNNING when not scheduled.
          headers:
            Location:
              $ref: "#/components/headers/Location"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/FailoverTask"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: The group, or the session named in `TargetSessionId`, does not exist.
        "409": { $ref: "#/components/responses/FailoverRefused" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/tasks/{taskId}:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/taskId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: getFailoverTaskPreview
      summary: Read a failover task
      description: |
        The task with its status, progress and steps, brought up to date first. A task is only
        found under the tenant and namespace of its group.
      x-baton-extension: true
      responses:
        "200":
          description: The task.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/FailoverTask"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: No such task under this tenant and namespace.
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    delete:
      tags: [Client Failover (v1-preview)]
      operationId: cancelFailoverTaskPreview
      summary: Cancel a queued failover task
      description: |
        Cancels a task that is still QUEUED; it ends CANCELED and nothing moves. A task that
        has started or finished is a 409 with `Code` `TaskNotCancelable`. Needs the operator role.
      x-baton-extension: true
      responses:
        "200":
          description: The task, now CANCELED.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/FailoverTask"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: No such task under this tenant and namespace.
        "409": { $ref: "#/components/responses/TaskNotCancelable" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover:
    get:
      tags: [Client Failover (on-premises)]
      operationId: getVersionOnPremises
      summary: Version of the Client Failover API
      responses:
        "200":
          description: The API version.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Version"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups:
    get:
      tags: [Client Failover (on-premises)]
      operationId: listGroupsOnPremises
      summary: List group configurations
      description: The groups of this tenant and namespace, ordered by id, one page at a time.
      parameters:
        - $ref: "#/components/parameters/skip"
        - $ref: "#/components/parameters/count"
      responses:
        "200":
          description: One page of group configurations.
          headers:
            Total-Count:
              $ref: "#/components/headers/Total-Count"
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    post:
      tags: [Client Failover (on-premises)]
      operationId: createGroupOnPremises
      summary: Create a group
      description: |
        Creates the group. `Id` is required. Sending the same configuration again changes
        nothing and answers 200; the whole configuration is compared (`Name`, `Description`,
        `FailoverTimeout`, `AdditionalData`, `PreemptionPolicy`, with absent values taking
        their defaults). Another configuration under an existing id is a 409.
      requestBody:
        $ref: "#/components/requestBodies/GroupCreation"
      responses:
        "201":
          description: The group was created.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "200":
          description: A group with this id and exactly this configuration already exists; nothing changed.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "409": { $ref: "#/components/responses/GroupConflict" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups/{groupId}:
    parameters:
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (on-premises)]
      operationId: getGroupOnPremises
      summary: Get a group configuration
      responses:
        "200":
          description: The group configuration.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    put:
      tags: [Client Failover (on-premises)]
      operationId: putGroupOnPremises
      summary: Create a group or replace its configuration
      description: |
        Creates the group, or replaces its whole configuration: properties left out take their
        defaults (`FailoverTimeout` 00:01:00, `PreemptionPolicy` Score, the others null).
        `Id` may be left out; when present it must equal `groupId` exactly. A new
        `FailoverTimeout` applies to each member's lease from its next heartbeat on; leases
        already granted keep their length. The vendor documents PUT for v1-preview only;
        Baton serves it under every prefix.
      x-baton-extension: true
      requestBody:
        $ref: "#/components/requestBodies/GroupReplacement"
      responses:
        "200":
          description: The group existed; its configuration is now this one (unchanged if it already was).
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "201":
          description: The group did not exist and was created.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupConfiguration"
        "400": { $ref: "#/components/responses/BadRequest" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    delete:
      tags: [Client Failover (on-premises)]
      operationId: deleteGroupOnPremises
      summary: Delete a group
      description: |
        Deletes a group that has no client sessions, together with its event history. A group
        with any session, live or not, is refused with 409: delete its sessions first.
      responses:
        "204":
          description: The group and its history were deleted.
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "409": { $ref: "#/components/responses/GroupHasSessions" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups/{groupId}/status:
    parameters:
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (on-premises)]
      operationId: getGroupStatusOnPremises
      summary: Who is Primary
      description: The group's role state, brought up to date first (a lease that has run out shows as such).
      responses:
        "200":
          description: The group status.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/GroupStatus"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups/{groupId}/events:
    parameters:
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (on-premises)]
      operationId: listGroupEventsOnPremises
      summary: The group's history
      description: The group's events, oldest first, one page at a time.
      x-baton-extension: true
      parameters:
        - $ref: "#/components/parameters/skip"
        - $ref: "#/components/parameters/count"
      responses:
        "200":
          description: One page of events.
          headers:
            Total-Count:
              $ref: "#/components/headers/Total-Count"
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/GroupEvent"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups/{groupId}/clientsessions:
    parameters:
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (on-premises)]
      operationId: listClientSessionsOnPremises
      summary: List the group's client sessions
      description: |
        The group's sessions ordered by id, one page at a time. `skip`, `count` and
        `Total-Count` on this list are Baton extensions.
      parameters:
        - $ref: "#/components/parameters/skip"
        - $ref: "#/components/parameters/count"
      responses:
        "200":
          description: One page of client sessions.
          headers:
            Total-Count:
              $ref: "#/components/headers/Total-Count"
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/ClientSession"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    post:
      tags: [Client Failover (on-premises)]
      operationId: registerClientSessionOnPremises
      summary: Register a client session
      description: |
        Adds a member to the group as a Secondary. It becomes electable with its first
        heartbeat. Registering the same `Id` with the same `Name` again answers 200 with the
        session as it is now; with other `AdditionalData` that data replaces the stored one
        (event `SessionUpdated`), role, lease and heartbeat untouched.
      requestBody:
        $ref: "#/components/requestBodies/SessionRegistration"
      responses:
        "201":
          description: The session was registered.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ClientSession"
        "200":
          description: The session already exists with this Name; its AdditionalData is now the one sent.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ClientSession"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "409": { $ref: "#/components/responses/SessionConflict" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups/{groupId}/clientsessions/{sessionId}:
    parameters:
      - $ref: "#/components/parameters/groupId"
      - $ref: "#/components/parameters/sessionId"
    get:
      tags: [Client Failover (on-premises)]
      operationId: getClientSessionOnPremises
      summary: Get a client session
      responses:
        "200":
          description: The client session.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ClientSession"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    delete:
      tags: [Client Failover (on-premises)]
      operationId: deleteClientSessionOnPremises
      summary: Remove a client session
      description: |
        Removes the member. If it was Primary and its lease had not run out, the group has no
        Primary and nobody is promoted until that lease would have run out (it may still be
        acting on it). To hand over at once, first send a heartbeat with `FailoverScore` 0:
        when another live session has a score above 0 that answer is the demotion.
      responses:
        "204":
          description: The session was removed.
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups/{groupId}/clientsessions/{sessionId}/heartbeat:
    parameters:
      - $ref: "#/components/parameters/groupId"
      - $ref: "#/components/parameters/sessionId"
    post:
      tags: [Client Failover (on-premises)]
      operationId: postHeartbeatOnPremises
      summary: Heartbeat
      description: |
        Renews the session's lease for `FailoverTimeout` from the moment the coordinator
        receives it, records the score, re-evaluates the group and answers the session's role.
        Send it every `FailoverTimeout / 2`. A Primary whose successor is pending is answered
        `Secondary` (the demotion notice) and the successor becomes Primary with the next
        epoch in the same step. See docs/lease-contract.md for what a client must do.
      requestBody:
        $ref: "#/components/requestBodies/HeartbeatRequest"
      responses:
        "200":
          description: The session's role, the Primary's watermark and the group's epoch.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/HeartbeatResponse"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: The group or the session does not exist (removed or never registered); register again.
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups/{groupId}/clientsessions/{sessionId}/roleoverride:
    parameters:
      - $ref: "#/components/parameters/groupId"
      - $ref: "#/components/parameters/sessionId"
    post:
      tags: [Client Failover (on-premises)]
      operationId: setRoleOverrideOnPremises
      summary: Set or clear a role override
      description: |
        `Primary` makes the session the desired Primary even when it is not live, and clears
        every other session's Primary override in the group. `Secondary` (Baton extension)
        drains the session: it is never eligible while the override holds. `Off` clears the
        override. Without `ExpirationPeriod` the override holds until changed.
      requestBody:
        $ref: "#/components/requestBodies/RoleOverrideRequest"
      responses:
        "200":
          description: The override now in force.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/RoleOverrideResponse"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404": { $ref: "#/components/responses/NotFound" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups/{groupId}/failover:
    parameters:
      - $ref: "#/components/parameters/groupId"
    post:
      tags: [Client Failover (on-premises)]
      operationId: requestFailoverOnPremises
      summary: Request a planned failover (a task)
      description: |
        Queues a failover task that moves the Primary role to `TargetSessionId`, or when it is
        left out to the best live eligible session other than the Primary (highest score,
        then live longest, then smallest id), now or at `ScheduledTime`. The body may be empty.
        The task runs the ordinary handover: the target is PendingPrimary until the old
        Primary's next heartbeat (answered Secondary) or until its lease runs out. Poll the
        task at the `Location` header. Needs the operator role (write access on the group).
        See docs/failover-tasks.md.
      x-baton-extension: true
      requestBody:
        $ref: "#/components/requestBodies/FailoverRequest"
      responses:
        "202":
          description: The task was accepted (durably); it is QUEUED, or already RUNNING when not scheduled.
          headers:
            Location:
              $ref: "#/components/headers/Location"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/FailoverTask"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: The group, or the session named in `TargetSessionId`, does not exist.
        "409": { $ref: "#/components/responses/FailoverRefused" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/tasks/{taskId}:
    parameters:
      - $ref: "#/components/parameters/taskId"
    get:
      tags: [Client Failover (on-premises)]
      operationId: getFailoverTaskOnPremises
      summary: Read a failover task
      description: |
        The task with its status, progress and steps, brought up to date first. A task is only
        found under the tenant and namespace of its group.
      x-baton-extension: true
      responses:
        "200":
          description: The task.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/FailoverTask"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: No such task under this tenant and namespace.
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    delete:
      tags: [Client Failover (on-premises)]
      operationId: cancelFailoverTaskOnPremises
      summary: Cancel a queued failover task
      description: |
        Cancels a task that is still QUEUED; it ends CANCELED and nothing moves. A task that
        has started or finished is a 409 with `Code` `TaskNotCancelable`. Needs the operator role.
      x-baton-extension: true
      responses:
        "200":
          description: The task, now CANCELED.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/FailoverTask"
        "400": { $ref: "#/components/responses/BadRequest" }
        "404":
          $ref: "#/components/responses/NotFound"
          description: No such task under this tenant and namespace.
        "409": { $ref: "#/components/responses/TaskNotCancelable" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /identity/connect/token:
    post:
      tags: [Authentication]
      operationId: requestToken
      summary: Obtain a bearer token (OAuth2 client credentials)
      description: |
        RFC 6749 client-credentials grant. Send `grant_type=client_credentials` with
        `client_id` and `client_secret` in the form, or the client id and secret as HTTP Basic
        client authentication. The token (a JWT, audience and issuer `baton`) is valid for the
        configured token lifetime (`--token-lifetime`, default 3600 s) and stops working at once
        when the client is removed.
      security: []
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              $ref: "#/components/schemas/TokenRequest"
      responses:
        "200":
          description: A bearer token.
          headers:
            Cache-Control:
              schema:
                type: string
                const: no-store
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/TokenResponse"
        "400":
          description: "`invalid_request` (a missing field) or `unsupported_grant_type`."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/OAuthError"
        "401":
          description: "`invalid_client`: unknown client or wrong secret."
          headers:
            WWW-Authenticate:
              schema:
                type: string
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/OAuthError"
  /hybridity/api/sessions:
    post:
      tags: [Authentication]
      operationId: createHcxSession
      summary: Log in as a user (HCX session)
      description: |
        The HCX login: a user name and password give a session token in the
        `x-hm-authorization` response header. Send it back in `x-hm-authorization`, or bare
        (no scheme) in `Authorization`. It is valid for the configured token lifetime.
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/HcxLogin"
      responses:
        "200":
          description: Logged in; the session token is in `x-hm-authorization`.
          headers:
            x-hm-authorization:
              description: The session token.
              schema:
                type: string
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/HcxSession"
        "400":
          description: The body is not a JSON object with string `username` and `password`. No body.
        "401":
          description: Unknown user or wrong password. No body.
  /hybridity/api/interconnect/appliances:
    post:
      tags: [HA groups (HCX)]
      operationId: hcxRegisterAppliance
      summary: Register an appliance
      description: |
        Registers a network-extension appliance in the principal's tenant (tenant `default`
        when authentication is off). 201 when created, 200 when an identical registration
        exists, 409 when one with this id exists with other data. Needs the member role.
      x-baton-extension: true
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/HcxApplianceRegistration"
      responses:
        "201": { $ref: "#/components/responses/HcxAppliance" }
        "200": { $ref: "#/components/responses/HcxAppliance" }
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "409": { $ref: "#/components/responses/HcxConflict" }
        "413": { $ref: "#/components/responses/HcxError" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
    get:
      tags: [HA groups (HCX)]
      operationId: hcxListAppliances
      summary: List the appliances
      x-baton-extension: true
      responses:
        "200":
          description: Every appliance of the tenant, by id.
          content:
            application/json:
              schema:
                type: object
                properties:
                  items:
                    type: array
                    items:
                      $ref: "#/components/schemas/HcxAppliance"
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
  /hybridity/api/interconnect/appliances/{applianceId}:
    parameters:
      - $ref: "#/components/parameters/applianceId"
    get:
      tags: [HA groups (HCX)]
      operationId: hcxGetAppliance
      summary: Read an appliance
      x-baton-extension: true
      responses:
        "200": { $ref: "#/components/responses/HcxAppliance" }
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "404": { $ref: "#/components/responses/HcxNotFound" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
    delete:
      tags: [HA groups (HCX)]
      operationId: hcxRemoveAppliance
      summary: Remove an appliance
      description: Removes an appliance that is in no HA group (409 `ApplianceInGroup` otherwise).
      x-baton-extension: true
      responses:
        "204":
          description: Removed.
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "404": { $ref: "#/components/responses/HcxNotFound" }
        "409": { $ref: "#/components/responses/HcxConflict" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
  /hybridity/api/interconnect/appliances/{applianceId}/heartbeat:
    parameters:
      - $ref: "#/components/parameters/applianceId"
    post:
      tags: [HA groups (HCX)]
      operationId: hcxApplianceHeartbeat
      summary: Heartbeat of an appliance
      description: |
        The appliance reports its health score (0–100) and learns its role: ACTIVE (Primary),
        STANDBY (Secondary), or UNDECIDED (PendingPrimary, or in no group), with the group's
        fencing epoch (`null` without a group). An ACTIVE appliance must stop acting as ACTIVE
        once 0.9 × failoverTimeout has passed since it sent its last answered heartbeat.
      x-baton-extension: true
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [score]
              properties:
                score:
                  type: number
                  minimum: 0
                  maximum: 100
      responses:
        "200":
          description: The appliance's role.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/HcxHeartbeatAnswer"
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "404": { $ref: "#/components/responses/HcxNotFound" }
        "413": { $ref: "#/components/responses/HcxError" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
  /hybridity/api/interconnect/appliances/ha/groups:
    get:
      tags: [HA groups (HCX)]
      operationId: hcxListHaGroups
      summary: List HA groups
      parameters:
        - name: serviceMeshId
          in: query
          required: false
          description: Only the groups of this service mesh.
          schema:
            type: string
      responses:
        "200":
          description: The tenant's HA groups, by id.
          content:
            application/json:
              schema:
                type: object
                properties:
                  items:
                    type: array
                    items:
                      $ref: "#/components/schemas/HcxHaGroup"
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
    post:
      tags: [HA groups (HCX)]
      operationId: hcxCreateHaGroup
      summary: Create an HA group (a task)
      description: |
        Creates an HA group of registered appliances that belong to no group. The task
        completes at once (SUCCESS). 404 for an unknown appliance, 409 `ApplianceInGroup` for
        one already in a group. The group lives in its appliances' service mesh: appliances
        of two meshes, or a `serviceMeshId` that is not theirs, are a 400. Needs the admin role.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/HcxHaGroupCreate"
      responses:
        "202": { $ref: "#/components/responses/HcxGroupAction" }
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "404": { $ref: "#/components/responses/HcxNotFound" }
        "409": { $ref: "#/components/responses/HcxConflict" }
        "413": { $ref: "#/components/responses/HcxError" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
  /hybridity/api/interconnect/appliances/ha/groups/{groupId}:
    parameters:
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [HA groups (HCX)]
      operationId: hcxGetHaGroup
      summary: Read an HA group
      responses:
        "200":
          description: The group with its members' roles and its status.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/HcxHaGroup"
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "404": { $ref: "#/components/responses/HcxNotFound" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
    delete:
      tags: [HA groups (HCX)]
      operationId: hcxDeleteHaGroup
      summary: Delete an HA group (a task)
      description: |
        Deletes the group and releases its appliances (UNDECIDED again). While a failover is
        queued or running it is a 409 `FailoverInProgress` unless `force=true`, which cancels
        or fails that task first. Needs the admin role.
      parameters:
        - name: force
          in: query
          required: false
          schema:
            type: boolean
            default: false
      responses:
        "202": { $ref: "#/components/responses/HcxGroupAction" }
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "404": { $ref: "#/components/responses/HcxNotFound" }
        "409": { $ref: "#/components/responses/HcxConflict" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
  /hybridity/api/interconnect/appliances/ha/groups/{groupId}/forceFailover:
    parameters:
      - $ref: "#/components/parameters/groupId"
    post:
      tags: [HA groups (HCX)]
      operationId: hcxForceFailover
      summary: Force failover of an HA group (a task)
      description: |
        Moves the ACTIVE role to the best live STANDBY (highest score, then live longest, then
        smallest id). No body (one sent is ignored). The target is UNDECIDED until the ACTIVE's
        next heartbeat, answered STANDBY, or until the ACTIVE's lease runs out; then it is
        ACTIVE with epoch + 1 and the task SUCCESS. FAILED when the target dies first or the
        handover takes longer than 2 × failoverTimeout. Poll `GET /hybridity/api/interconnect/tasks/{interconnectTaskId}`.
        409 `NoLiveStandby`, `FailoverInProgress` or `RoleOverrideHolds`. Needs the operator role.
      responses:
        "202": { $ref: "#/components/responses/HcxGroupAction" }
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "404": { $ref: "#/components/responses/HcxNotFound" }
        "409": { $ref: "#/components/responses/HcxConflict" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
  /hybridity/api/interconnect/appliances/ha/groups/events/{serviceMeshId}:
    parameters:
      - name: serviceMeshId
        in: path
        required: true
        schema:
          $ref: "#/components/schemas/Identifier"
    get:
      tags: [HA groups (HCX)]
      operationId: hcxHaGroupTimeline
      summary: Timeline of the HA groups of a service mesh
      description: |
        The history of the tenant's HA groups whose serviceMeshId is this one, oldest first.
        `applianceRoles` holds only what each event says (see docs/ha-groups.md).
      parameters:
        - name: startTime
          in: query
          required: false
          description: ISO-8601 date-time or milliseconds since 1970; inclusive. Empty is the same as left out. A start after the end is an empty window (no events).
          schema:
            anyOf:
              - type: string
                format: date-time
                pattern: '^(?:158[4-9]|159[0-9]|1[6-9][0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
              - type: string
                pattern: '^-?[0-9]{1,15}$'
              - type: string
                maxLength: 0
        - name: endTime
          in: query
          required: false
          description: ISO-8601 date-time or milliseconds since 1970; inclusive. Empty is the same as left out. A start after the end is an empty window (no events).
          schema:
            anyOf:
              - type: string
                format: date-time
                pattern: '^(?:158[4-9]|159[0-9]|1[6-9][0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
              - type: string
                pattern: '^-?[0-9]{1,15}$'
              - type: string
                maxLength: 0
        - name: haGroupIDs
          in: query
          required: false
          description: Comma-separated group ids.
          schema:
            type: string
      responses:
        "200":
          description: The events.
          content:
            application/json:
              schema:
                type: object
                properties:
                  items:
                    type: array
                    items:
                      $ref: "#/components/schemas/HcxTimelineEvent"
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
  /hybridity/api/interconnect/tasks:
    get:
      tags: [HA groups (HCX)]
      operationId: hcxListTasks
      summary: List tasks
      description: Every task the principal may read (HA groups and Client Failover), newest first.
      parameters:
        - name: offset
          in: query
          required: false
          schema:
            type: integer
            minimum: 0
            maximum: 2147483647
            default: 0
        - name: pageSize
          in: query
          required: false
          schema:
            type: integer
            minimum: 1
            maximum: 1000
            default: 20
      responses:
        "200":
          description: A page of tasks.
          content:
            application/json:
              schema:
                type: object
                properties:
                  items:
                    type: array
                    items:
                      $ref: "#/components/schemas/HcxTask"
                  paging:
                    type: object
                    properties:
                      offset:
                        type: integer
                      pageSize:
                        type: integer
                      totalSize:
                        type: integer
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
  /hybridity/api/interconnect/tasks/{interconnectTaskId}:
    parameters:
      - name: interconnectTaskId
        in: path
        required: true
        schema:
          $ref: "#/components/schemas/Identifier"
    get:
      tags: [HA groups (HCX)]
      operationId: hcxGetTask
      summary: Read a task
      responses:
        "200":
          description: The task, brought up to date first.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/HcxTask"
        "400": { $ref: "#/components/responses/HcxBadRequest" }
        "401": { $ref: "#/components/responses/HcxUnauthorized" }
        "403": { $ref: "#/components/responses/HcxForbidden" }
        "404": { $ref: "#/components/responses/HcxNotFound" }
        "429": { $ref: "#/components/responses/HcxTooManyRequests" }
        "500": { $ref: "#/components/responses/HcxInternalError" }
        "503": { $ref: "#/components/responses/HcxError" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/accesscontrol:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1)]
      operationId: getGroupAccessControlCloud
      summary: Get the group's access control list
      description: |
        The group's own access control list (an empty list when it has none: then its
        namespace's list, or the roles alone, decide). Needs the admin role
        (ManageAccessControl); admins may always read and replace it.
      responses:
        "200":
          description: The access control list.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/AccessControlList"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "404": { $ref: "#/components/responses/NotFound" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    put:
      tags: [Client Failover (v1)]
      operationId: putGroupAccessControlCloud
      summary: Replace the group's access control list
      description: |
        Replaces the group's access control list. The list only narrows what each role
        allows; a Denied entry wins over any Allowed one; an empty
        `RoleTrusteeAccessControlEntries` array denies every non-admin. Admins keep
        ManageAccessControl whatever the list says.
      requestBody:
        $ref: "#/components/requestBodies/AccessControlList"
      responses:
        "204":
          description: The list was replaced.
        "400": { $ref: "#/components/responses/BadAccessControlList" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "404": { $ref: "#/components/responses/NotFound" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/tenants/{tenantId}/namespaces/{namespaceId}/accesscontrol/clientfailover/groups:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
    get:
      tags: [Client Failover (v1)]
      operationId: getCollectionAccessControlCloud
      summary: Get the namespace's access control list for failover groups
      description: |
        The namespace's access control list, which applies to every group of the namespace
        without a list of its own (an empty list when none is set).
      responses:
        "200":
          description: The access control list.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/AccessControlList"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    put:
      tags: [Client Failover (v1)]
      operationId: putCollectionAccessControlCloud
      summary: Replace the namespace's access control list for failover groups
      description: |
        Replaces the namespace's access control list. A group's own list takes precedence
        over it. Admins keep ManageAccessControl whatever the list says.
      requestBody:
        $ref: "#/components/requestBodies/AccessControlList"
      responses:
        "204":
          description: The list was replaced.
        "400": { $ref: "#/components/responses/BadAccessControlList" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/clientfailover/groups/{groupId}/accesscontrol:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: getGroupAccessControlPreview
      summary: Get the group's access control list
      description: |
        The group's own access control list (an empty list when it has none: then its
        namespace's list, or the roles alone, decide). Needs the admin role
        (ManageAccessControl); admins may always read and replace it.
      responses:
        "200":
          description: The access control list.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/AccessControlList"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "404": { $ref: "#/components/responses/NotFound" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    put:
      tags: [Client Failover (v1-preview)]
      operationId: putGroupAccessControlPreview
      summary: Replace the group's access control list
      description: |
        Replaces the group's access control list. The list only narrows what each role
        allows; a Denied entry wins over any Allowed one; an empty
        `RoleTrusteeAccessControlEntries` array denies every non-admin. Admins keep
        ManageAccessControl whatever the list says.
      requestBody:
        $ref: "#/components/requestBodies/AccessControlList"
      responses:
        "204":
          description: The list was replaced.
        "400": { $ref: "#/components/responses/BadAccessControlList" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "404": { $ref: "#/components/responses/NotFound" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1-preview/tenants/{tenantId}/namespaces/{namespaceId}/accesscontrol/clientfailover/groups:
    parameters:
      - $ref: "#/components/parameters/tenantId"
      - $ref: "#/components/parameters/namespaceId"
    get:
      tags: [Client Failover (v1-preview)]
      operationId: getCollectionAccessControlPreview
      summary: Get the namespace's access control list for failover groups
      description: |
        The namespace's access control list, which applies to every group of the namespace
        without a list of its own (an empty list when none is set).
      responses:
        "200":
          description: The access control list.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/AccessControlList"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    put:
      tags: [Client Failover (v1-preview)]
      operationId: putCollectionAccessControlPreview
      summary: Replace the namespace's access control list for failover groups
      description: |
        Replaces the namespace's access control list. A group's own list takes precedence
        over it. Admins keep ManageAccessControl whatever the list says.
      requestBody:
        $ref: "#/components/requestBodies/AccessControlList"
      responses:
        "204":
          description: The list was replaced.
        "400": { $ref: "#/components/responses/BadAccessControlList" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/clientfailover/groups/{groupId}/accesscontrol:
    parameters:
      - $ref: "#/components/parameters/groupId"
    get:
      tags: [Client Failover (on-premises)]
      operationId: getGroupAccessControlOnPremises
      summary: Get the group's access control list
      description: |
        The group's own access control list (an empty list when it has none: then its
        namespace's list, or the roles alone, decide). Needs the admin role
        (ManageAccessControl); admins may always read and replace it.
      responses:
        "200":
          description: The access control list.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/AccessControlList"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "404": { $ref: "#/components/responses/NotFound" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    put:
      tags: [Client Failover (on-premises)]
      operationId: putGroupAccessControlOnPremises
      summary: Replace the group's access control list
      description: |
        Replaces the group's access control list. The list only narrows what each role
        allows; a Denied entry wins over any Allowed one; an empty
        `RoleTrusteeAccessControlEntries` array denies every non-admin. Admins keep
        ManageAccessControl whatever the list says.
      requestBody:
        $ref: "#/components/requestBodies/AccessControlList"
      responses:
        "204":
          description: The list was replaced.
        "400": { $ref: "#/components/responses/BadAccessControlList" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "404": { $ref: "#/components/responses/NotFound" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
  /api/v1/accesscontrol/clientfailover/groups:
    get:
      tags: [Client Failover (on-premises)]
      operationId: getCollectionAccessControlOnPremises
      summary: Get the namespace's access control list for failover groups
      description: |
        The namespace's access control list, which applies to every group of the namespace
        without a list of its own (an empty list when none is set).
      responses:
        "200":
          description: The access control list.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/AccessControlList"
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
    put:
      tags: [Client Failover (on-premises)]
      operationId: putCollectionAccessControlOnPremises
      summary: Replace the namespace's access control list for failover groups
      description: |
        Replaces the namespace's access control list. A group's own list takes precedence
        over it. Admins keep ManageAccessControl whatever the list says.
      requestBody:
        $ref: "#/components/requestBodies/AccessControlList"
      responses:
        "204":
          description: The list was replaced.
        "400": { $ref: "#/components/responses/BadAccessControlList" }
        "401": { $ref: "#/components/responses/Unauthorized" }
        "403": { $ref: "#/components/responses/Forbidden" }
        "413": { $ref: "#/components/responses/ContentTooLarge" }
        "429": { $ref: "#/components/responses/TooManyRequests" }
        "500": { $ref: "#/components/responses/InternalError" }
        "503": { $ref: "#/components/responses/ServiceUnavailable" }
components:
  securitySchemes:
    basic:
      type: http
      scheme: basic
      description: A user's name and password (`baton users add`).
    bearer:
      type: http
      scheme: bearer
      bearerFormat: JWT
      description: A token from `POST /identity/connect/token` (clients, `baton clients add`), or an HCX session token.
    hcx:
      type: apiKey
      in: header
      name: x-hm-authorization
      description: An HCX session token from `POST /hybridity/api/sessions`.
  parameters:
    tenantId:
      name: tenantId
      in: path
      required: true
      description: The tenant (case-sensitive).
      schema:
        $ref: "#/components/schemas/Identifier"
    namespaceId:
      name: namespaceId
      in: path
      required: true
      description: The namespace (case-sensitive).
      schema:
        $ref: "#/components/schemas/Identifier"
    applianceId:
      name: applianceId
      in: path
      required: true
      description: The appliance (case-sensitive).
      schema:
        $ref: "#/components/schemas/Identifier"
    groupId:
      name: groupId
      in: path
      required: true
      description: The failover group's id (case-sensitive).
      schema:
        $ref: "#/components/schemas/Identifier"
    taskId:
      name: taskId
      in: path
      required: true
      description: The failover task's id, as returned by `POST …/groups/{groupId}/failover`.
      schema:
        $ref: "#/components/schemas/Identifier"
    sessionId:
      name: sessionId
      in: path
      required: true
      description: The client session's id (case-sensitive).
      schema:
        $ref: "#/components/schemas/Identifier"
    skip:
      name: skip
      in: query
      required: false
      description: How many items to skip. The name is matched case-insensitively.
      schema:
        type: integer
        minimum: 0
        maximum: 2147483647
        default: 0
    count:
      name: count
      in: query
      required: false
      description: How many items to return at most. The name is matched case-insensitively.
      schema:
        type: integer
        minimum: 0
        maximum: 1000
        default: 100
  headers:
    Total-Count:
      description: The total number of items, whatever page was asked for.
      schema:
        type: integer
        minimum: 0
    Operation-Id:
      description: The OperationId of the error body, also sent as a header (Baton extension). Answers with a 5xx status are logged with it.
      x-baton-extension: true
      schema:
        type: string
        format: uuid
    Retry-After:
      description: Seconds to wait before retrying.
      schema:
        type: integer
        const: 1
    RateLimit-Retry-After:
      description: Whole seconds to wait before retrying (at least 1).
      schema:
        type: integer
        minimum: 1
    WWW-Authenticate:
      description: The accepted schemes, `Basic realm="baton", Bearer realm="baton"`.
      schema:
        type: string
    Location:
      description: The task's address under the same prefix, `{prefix}/tasks/{taskId}`.
      schema:
        type: string
  schemas:
    Identifier:
      type: string
      minLength: 1
      maxLength: 100
      pattern: '^[^\x00-\x1F\x7F-\x9F/?#%]+$'
      description: 1–100 characters, no control characters and none of `/ ? # %`. Case-sensitive.
    TimeSpan:
      type: string
      pattern: '^-?(?:[0-9]{1,8}\.)?(?:[01]?[0-9]|2[0-3]):[0-5]?[0-9](?::[0-5]?[0-9](?:\.[0-9]{1,7})?)?$'
      description: |
        .NET `TimeSpan` text: `[-][d.]hh:mm:ss[.fffffff]`, also with one-digit hours, minutes
        and seconds (`0:01:00`) and without seconds (`hh:mm`); up to 8 digits of days, hours
        below 24, minutes and seconds below 60, up to 7 digits of fraction. Answers use the
        constant form, for example `00:01:00`, `00:00:00.5000000` or `1.00:00:00`.
      examples: ["00:01:00", "0:00:30", "00:00:00.5", "1.00:00:00"]
    FailoverTimeout:
      type: string
      pattern: '^(?:(?:0{1,8}\.)?(?:(?:0?[1-9]|1[0-9]|2[0-3]):[0-5]?[0-9](?::[0-5]?[0-9](?:\.[0-9]{1,7})?)?|00?:(?:0?[1-9]|[1-5][0-9])(?::[0-5]?[0-9](?:\.[0-9]{1,7})?)?|00?:00?:(?:0?[1-9]|[1-5][0-9])(?:\.[0-9]{1,7})?|00?:00?:00?\.[1-9][0-9]{0,6})|0{0,7}1\.00?:00?(?::00?(?:\.0{1,7})?)?)$'
      description: |
        A `TimeSpan` from `00:00:00.1` to `1.00:00:00` inclusive (the pattern is that range
        written out; anything else is a 400).
      examples: ["00:01:00", "0:00:30", "00:00:00.5", "1.00:00:00"]
    OverridePeriod:
      type: string
      pattern: '^(?:(?:0\.)?(?:(?:0?[1-9]|1[0-9]|2[0-3]):[0-5]?[0-9](?::[0-5]?[0-9](?:\.[0-9]{1,7})?)?|00?:(?:0?[1-9]|[1-5][0-9])(?::[0-5]?[0-9](?:\.[0-9]{1,7})?)?|00?:00?:(?:0?[1-9]|[1-5][0-9])(?:\.[0-9]{1,7})?|00?:00?:00?\.[0-9]{0,6}[1-9])|(?:[1-9]|[1-9][0-9]|[12][0-9]{2}|3[0-5][0-9]|36[0-5])\.(?:[01]?[0-9]|2[0-3]):[0-5]?[0-9](?::[0-5]?[0-9](?:\.[0-9]{1,7})?)?|366\.00?:00?(?::00?(?:\.0{1,7})?)?)$'
      description: |
        A `TimeSpan` above zero and at most `366.00:00:00` (the pattern is that range written
        out; anything else is a 400).
      examples: ["08:00:00", "1.00:00:00", "00:00:30"]
    GroupConfiguration:
      type: object
      description: |
        A failover group's configuration. In requests every property but `Id` may be left out
        (or `null`) and then takes its default. Answers always carry every property.
      properties:
        Id:
          $ref: "#/components/schemas/Identifier"
          description: The group's id. Required when creating with POST; with PUT it may be left out and must otherwise equal the path's `groupId`.
        Name:
          type: [string, "null"]
        Description:
          type: [string, "null"]
        FailoverTimeout:
          description: |
            How long after its last heartbeat was received a session stops being live; from
            `00:00:00.1` to `1.00:00:00` (inclusive). Default `00:01:00`.
          anyOf:
            - $ref: "#/components/schemas/FailoverTimeout"
            - type: "null"
        AdditionalData:
          description: Any JSON value, kept and returned as sent; `null` when absent.
        PreemptionPolicy:
          x-baton-extension: true
          description: |
            When a healthy Primary gives way to a better session. `Score` (default): a live
            session whose score has been strictly higher than the Primary's for one whole
            `FailoverTimeout` takes over. `None`: only death, score 0, an override or a drain
            moves the role. Read as a name (any case) or as 0 (`Score`) / 1 (`None`); written as
            the integer.
          anyOf:
            - type: string
              enum: [Score, None, "0", "1"]
            - type: integer
              enum: [0, 1]
            - type: "null"
          default: Score
      examples:
        - Id: plant-a-opcua
          Name: Plant A OPC UA adapters
          Description: null
          FailoverTimeout: "00:01:00"
          AdditionalData: null
          PreemptionPolicy: 0
    GroupStatus:
      type: object
      required: [Primary, PendingPrimary, LastDataProcessedTime, Epoch]
      properties:
        Primary:
          type: [string, "null"]
          description: The session that holds the Primary role, or null.
        PendingPrimary:
          type: [string, "null"]
          description: The session about to become Primary once the current Primary has received its demotion or its lease has run out, or null.
        LastDataProcessedTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: The Primary's watermark — the `LastDataProcessedTime` its last heartbeat reported, or the time that heartbeat was received when it reported none. It is kept when the Primary changes, until the new Primary heartbeats.
        Epoch:
          type: integer
          minimum: 0
          x-baton-extension: true
          description: The group's fencing epoch, +1 at every promotion, never decreasing (0 before the first Primary).
    Role:
      type: integer
      enum: [0, 1, 2]
      description: "0 = Secondary, 1 = Primary, 2 = PendingPrimary."
      x-enum-varnames: [Secondary, Primary, PendingPrimary]
    RoleOverrideValue:
      type: integer
      enum: [0, 1, 2]
      description: "0 = Off, 1 = Primary, 2 = Secondary (drain, Baton extension)."
      x-enum-varnames: [Off, Primary, Secondary]
    HeartbeatRecord:
      type: object
      required: [FailoverScore, LastDataProcessedTime, HeartbeatTime, ReceivedTime]
      properties:
        FailoverScore:
          type: number
          minimum: 0
          maximum: 100
        LastDataProcessedTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: As the session sent it.
        HeartbeatTime:
          type: string
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: The `HeartbeatTime` the session sent, or the time the heartbeat was received when it sent none. Shown, never used to judge liveness.
        ReceivedTime:
          type: string
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          x-baton-extension: true
          description: When the coordinator received the heartbeat (its wall clock).
    ClientSession:
      type: object
      required: [Id, Name, Heartbeat, Role, HeartbeatPosted, RoleOverride, RoleOverrideExpirationTime, AdditionalData, IsLive]
      properties:
        Id:
          $ref: "#/components/schemas/Identifier"
        Name:
          type: [string, "null"]
        Heartbeat:
          description: The last heartbeat received, or null when none has been. Kept across restarts when it had been flushed to the store.
          anyOf:
            - $ref: "#/components/schemas/HeartbeatRecord"
            - type: "null"
        Role:
          $ref: "#/components/schemas/Role"
        HeartbeatPosted:
          type: boolean
          description: Whether a heartbeat has been received (`Heartbeat` is not null).
        RoleOverride:
          $ref: "#/components/schemas/RoleOverrideValue"
        RoleOverrideExpirationTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: When the override ends; null when there is none or it never expires.
        AdditionalData:
          description: Any JSON value, as registered; `null` when absent.
        IsLive:
          type: boolean
          x-baton-extension: true
          description: Live as the coordinator judges it now — a heartbeat received since the coordinator started, no longer than `FailoverTimeout` ago on its monotonic clock.
    SessionRegistration:
      type: object
      required: [Id]
      properties:
        Id:
          $ref: "#/components/schemas/Identifier"
        Name:
          type: [string, "null"]
        AdditionalData:
          description: Any JSON value, kept and returned as sent.
    HeartbeatRequest:
      type: object
      description: "`FailoverScore` is required; older clients may send it as `FailoverStatus`."
      anyOf:
        - required: [FailoverScore]
        - required: [FailoverStatus]
      properties:
        FailoverScore:
          type: number
          minimum: 0
          maximum: 100
          description: Health score, 100 = all data sources healthy, 0 = collecting nothing.
        FailoverStatus:
          type: number
          minimum: 0
          maximum: 100
          deprecated: true
          description: The older name of `FailoverScore`, used when `FailoverScore` is absent or null.
        LastDataProcessedTime:
          type: [string, "null"]
          format: date-time
          pattern: '^(?:158[4-9]|159[0-9]|1[6-9][0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: The last data this session processed. When the session is Primary as the heartbeat arrives, this becomes the group's watermark.
        HeartbeatTime:
          type: [string, "null"]
          format: date-time
          pattern: '^(?:158[4-9]|159[0-9]|1[6-9][0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: The session's own send time; recorded and shown, never used to judge liveness.
    HeartbeatResponse:
      type: object
      required: [Role, LastDataProcessedTime, Epoch, FailoverTimeout]
      properties:
        Role:
          $ref: "#/components/schemas/Role"
        LastDataProcessedTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: The Primary's watermark (see `GroupStatus.LastDataProcessedTime`).
        Epoch:
          type: integer
          minimum: 0
          x-baton-extension: true
          description: The group's epoch after this heartbeat. With `Role` 1 it is this session's fencing token; attach it to every write.
        FailoverTimeout:
          $ref: "#/components/schemas/FailoverTimeout"
          x-baton-extension: true
          description: The timeout this heartbeat's lease was granted under (.NET time span). A client computes its lease from it, so a changed group timeout reaches it with its next answer.
    RoleOverrideRequest:
      type: object
      required: [Value]
      properties:
        Value:
          description: "`Off`/0, `Primary`/1, or `Secondary`/2 (drain, Baton extension). Names match in any case."
          anyOf:
            - type: integer
              enum: [0, 1, 2]
            - type: string
              enum: [Off, Primary, Secondary, "0", "1", "2"]
        ExpirationPeriod:
          description: |
            How long the override holds, above zero and at most `366.00:00:00`; left out or
            null, it holds until changed. With `Off` it is still checked, then ignored.
          anyOf:
            - $ref: "#/components/schemas/OverridePeriod"
            - type: "null"
      examples:
        - Value: Primary
          ExpirationPeriod: "08:00:00"
    RoleOverrideResponse:
      type: object
      required: [Value, RoleOverrideExpirationTime]
      properties:
        Value:
          $ref: "#/components/schemas/RoleOverrideValue"
        RoleOverrideExpirationTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: When the override ends; null when it is `Off` or never expires.
    GroupEvent:
      type: object
      x-baton-extension: true
      required: [Sequence, Time, Type, From, To, Epoch, Reason, Principal, Detail]
      properties:
        Sequence:
          type: integer
          minimum: 1
          description: Position in the group's history, from 1, without gaps.
        Time:
          type: string
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: When it happened (coordinator's wall clock).
        Type:
          type: string
          enum: [PrimaryChanged, HandoverStarted, HandoverCancelled, RoleOverrideSet, RoleOverrideExpired, RoleOverrideCleared, SessionRegistered, SessionUpdated, SessionRemoved, GroupCreated, GroupUpdated, AccessControlChanged, FailoverQueued, FailoverStarted, FailoverSucceeded, FailoverFailed, FailoverCanceled]
        From:
          type: [string, "null"]
          description: The previous Primary (PrimaryChanged, HandoverStarted, HandoverCancelled) or the removed session (SessionRemoved).
        To:
          type: [string, "null"]
          description: The new Primary or PendingPrimary, or the session concerned (SessionRegistered, SessionUpdated, RoleOverrideSet, RoleOverrideExpired).
        Epoch:
          type: integer
          minimum: 0
          description: The group's epoch after the event.
        Reason:
          type: string
          description: |
            Why: `elected`, `lease-expired`, `score`, `override`, `drain`, `removed`,
            `target-lost`, `primary-preferred`, `retargeted`, `demotion-delivered`,
            `registered`, `configured`, `operator` or `forced` (a failover task: every
            Failover* event, and the HandoverStarted and PrimaryChanged it causes).
        Principal:
          type: [string, "null"]
          description: Who caused it (`user:alice`, `client:adapter-7`, or a failover task's requester when its handover completes); null for what heartbeats and timers cause (an election on a heartbeat, a lease that ran out) and when authentication is off.
        Detail:
          type: [string, "null"]
          description: |
            For RoleOverrideSet the value and period (`Primary for 00:00:30`); for
            RoleOverrideExpired the value that expired; for FailoverQueued and FailoverStarted
            `task {id}` followed by `: {Reason}` when one was given; for FailoverSucceeded,
            FailoverFailed and FailoverCanceled `task {id}: {message}`.
    AccessControlList:
      type: object
      properties:
        RoleTrusteeAccessControlEntries:
          type: [array, "null"]
          description: The entries, in order. A Denied entry wins over any Allowed one whatever the order; null or absent is an empty list.
          items:
            $ref: "#/components/schemas/AccessControlEntry"
    AccessControlEntry:
      type: object
      required: [Trustee, AccessType, AccessRights]
      properties:
        Trustee:
          $ref: "#/components/schemas/Trustee"
        AccessType:
          description: Allowed = 0, Denied = 1 (the names are accepted on input).
          oneOf:
            - type: integer
              enum: [0, 1]
            - type: string
              enum: [Allowed, Denied]
        AccessRights:
          type: integer
          minimum: 0
          maximum: 15
          description: "Bitmask: Read = 1, Write = 2, Delete = 4, ManageAccessControl = 8."
    Trustee:
      type: object
      required: [Type, ObjectId]
      description: A role trustee's `ObjectId` is a role name; a user's or client's is its name or id.
      oneOf:
        - properties:
            Type:
              enum: [3, Role]
            ObjectId:
              enum: [reader, member, operator, admin]
        - properties:
            Type:
              enum: [1, 2, User, Client]
      properties:
        Type:
          description: User = 1, Client = 2, Role = 3 (the names are accepted on input).
          oneOf:
            - type: integer
              enum: [1, 2, 3]
            - type: string
              enum: [User, Client, Role]
        ObjectId:
          type: string
          minLength: 1
          description: The user name, the client id, or the role (`reader`, `member`, `operator`, `admin`; a role entry covers that role and the higher ones).
        TenantId:
          type: [string, "null"]
          description: When set, the entry only matches principals of this tenant.
    TokenRequest:
      type: object
      required: [grant_type]
      properties:
        grant_type:
          type: string
          const: client_credentials
        client_id:
          type: string
        client_secret:
          type: string
    TokenResponse:
      type: object
      required: [access_token, token_type, expires_in]
      properties:
        access_token:
          type: string
        token_type:
          type: string
          const: Bearer
        expires_in:
          type: integer
          description: Seconds until the token expires.
    OAuthError:
      type: object
      required: [error]
      properties:
        error:
          type: string
          enum: [invalid_request, unsupported_grant_type, invalid_client]
        error_description:
          type: string
    HcxLogin:
      type: object
      required: [username, password]
      properties:
        username:
          type: string
        password:
          type: string
    HcxSession:
      type: object
      properties:
        username:
          type: string
        expiresIn:
          type: integer
          description: Seconds until the session token expires.
    FailoverRequest:
      type: object
      x-baton-extension: true
      description: Every property is optional; an empty body (or none) lets Baton choose the target and start now.
      properties:
        TargetSessionId:
          oneOf:
            - $ref: "#/components/schemas/Identifier"
            - type: "null"
          description: The session to make Primary; it must be live and eligible. Left out, Baton chooses.
        ScheduledTime:
          type: [string, "null"]
          format: date-time
          pattern: '^(?:158[4-9]|159[0-9]|1[6-9][0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
          description: When to start, at most 366 days ahead (later is a 400); left out or in the past, at once. The task is QUEUED until then.
        Reason:
          type: [string, "null"]
          maxLength: 1000
          description: Why; kept on the task and in the group's events.
    FailoverTaskStep:
      type: object
      x-baton-extension: true
      required: [Title, Status, StartTime, EndTime, Message]
      properties:
        Title:
          type: string
          description: "`Queued`, `Choose the target`, `Hand over the Primary role`, `Resume after a coordinator restart`, `Cancel` or `Finish`."
        Status:
          $ref: "#/components/schemas/FailoverTaskStatus"
        StartTime:
          type: string
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
        EndTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
        Message:
          type: [string, "null"]
    FailoverTaskStatus:
      type: string
      x-baton-extension: true
      enum: [QUEUED, RUNNING, SUCCESS, FAILED, CANCELED]
    FailoverTask:
      type: object
      x-baton-extension: true
      required: [Id, GroupId, Status, Progress, Message, RequestedTargetSessionId, TargetSessionId, ScheduledTime,
                 Reason, Principal, CreatedTime, StartTime, EndTime, FromPrimary, Epoch, Steps]
      properties:
        Id:
          type: string
          description: The task id (a lowercase UUID).
        GroupId:
          type: string
        Status:
          $ref: "#/components/schemas/FailoverTaskStatus"
        Progress:
          type: integer
          enum: [0, 33, 66, 100]
          description: 0 queued, 33 started, 66 handing over, 100 finished (whatever the outcome).
        Message:
          type: [string, "null"]
          description: How it ended (`b is Primary with epoch 2.`, or why it failed or was cancelled).
        RequestedTargetSessionId:
          type: [string, "null"]
          description: The `TargetSessionId` asked for, if any.
        TargetSessionId:
          type: [string, "null"]
          description: The session the task moves the role to, chosen when it starts; null while QUEUED.
        ScheduledTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
        Reason:
          type: [string, "null"]
        Principal:
          type: [string, "null"]
          description: Who asked (`user:alice`, `client:ops-7`); null when authentication is off.
        CreatedTime:
          type: string
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
        StartTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
        EndTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
        FromPrimary:
          type: [string, "null"]
          description: The Primary when the task started.
        Epoch:
          type: [integer, "null"]
          minimum: 1
          description: The epoch the target got; set only on SUCCESS.
        Steps:
          type: array
          items:
            $ref: "#/components/schemas/FailoverTaskStep"
    HcxErrors:
      type: object
      description: The HCX error body (`NotFound`, `Conflict`, `GroupActionBadRequest`, `HAInternalServerError`).
      properties:
        errors:
          type: array
          items:
            type: object
            properties:
              code:
                type: string
                description: "`NotFound`, `Conflict` or a refusal (`NoLiveStandby`, `FailoverInProgress`, `ApplianceInGroup`, …), `GroupActionBadRequest`, `BadRequest`, `MethodNotAllowed` (405, with `Allow`), `PayloadTooLarge`, `TooManyRequests`, `ServiceUnavailable`, `HAInternalServerError`."
              message:
                type: string
    HcxApplianceRegistration:
      type: object
      required: [applianceId]
      x-baton-extension: true
      properties:
        applianceId:
          $ref: "#/components/schemas/Identifier"
        applianceName:
          type: [string, "null"]
        applianceType:
          type: [string, "null"]
        peerApplianceId:
          type: [string, "null"]
        peerApplianceName:
          type: [string, "null"]
        serviceMeshId:
          type: [string, "null"]
    HcxAppliance:
      type: object
      x-baton-extension: true
      properties:
        applianceId:
          type: string
        applianceName:
          type: [string, "null"]
        applianceType:
          type: [string, "null"]
        peerApplianceId:
          type: [string, "null"]
        peerApplianceName:
          type: [string, "null"]
        serviceMeshId:
          type: [string, "null"]
        haGroupId:
          type: [string, "null"]
          description: The HA group it belongs to.
        registeredAt:
          type: string
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
    HcxHeartbeatAnswer:
      type: object
      x-baton-extension: true
      properties:
        applianceId:
          type: string
        role:
          type: string
          enum: [ACTIVE, STANDBY, UNDECIDED]
        haGroupId:
          type: [string, "null"]
        epoch:
          type: [integer, "null"]
          description: The group's fencing epoch; null without a group.
    HcxHaGroupCreate:
      type: object
      required: [appliances]
      properties:
        groupId:
          $ref: "#/components/schemas/Identifier"
        name:
          type: string
        appliances:
          type: array
          minItems: 1
          uniqueItems: true
          description: The appliances' ids, each once. They must all be registered (else 404) and in no group (else 409), and in at most one service mesh (else 400).
          items:
            $ref: "#/components/schemas/Identifier"
        policyInfo:
          type: object
          properties:
            policy:
              type: string
              enum: [NONE, SCORE]
              default: NONE
              description: NONE, no preemption and no failback (HCX); SCORE (Baton extension), a STANDBY with a higher score for one whole failoverTimeout takes over.
        serviceMeshId:
          type: string
        failoverTimeout:
          $ref: "#/components/schemas/FailoverTimeout"
    HcxHaGroup:
      type: object
      properties:
        groupId:
          type: string
        name:
          type: string
        serviceMeshId:
          type: [string, "null"]
        groupType:
          type: string
          enum: [NETWORK_EXTENSION]
        groupMembers:
          type: array
          items:
            type: object
            properties:
              applianceId:
                type: string
              applianceName:
                type: [string, "null"]
              peerApplianceId:
                type: [string, "null"]
              peerApplianceName:
                type: [string, "null"]
              role:
                type: string
                enum: [ACTIVE, STANDBY, UNDECIDED]
        policyInfo:
          type: object
          properties:
            policy:
              type: string
              enum: [NONE, SCORE]
        status:
          type: object
          properties:
            groupState:
              type: string
              enum: [HEALTHY, DEGRADED, FAILED, FAILOVER_IN_PROGRESS]
            statusMessage:
              type: string
            availabilityState:
              type: string
              enum: [AVAILABLE, UNAVAILABLE]
            availabilityDescription:
              type: string
        networkExtensionCount:
          type: integer
        networkStretchCapacity:
          type: integer
        epoch:
          type: integer
          x-baton-extension: true
        failoverTimeout:
          $ref: "#/components/schemas/FailoverTimeout"
          x-baton-extension: true
    HcxGroupActionSuccessResponse:
      type: object
      properties:
        data:
          type: object
          properties:
            interconnectTaskId:
              type: string
            groupId:
              type: string
        warnings:
          type: array
          items:
            type: object
            properties:
              message:
                type: string
        errors:
          type: array
          items:
            type: object
            properties:
              code:
                type: string
              message:
                type: string
    HcxTask:
      type: object
      properties:
        interconnectTaskId:
          type: string
        entityDetails:
          type: object
          properties:
            id:
              type: string
            type:
              type: string
              enum: [HA_GROUP, CLIENT_FAILOVER_GROUP]
            name:
              type: string
        type:
          type: string
          enum: [FORCE_FAILOVER, CREATE_HA_GROUP, DELETE_HA_GROUP]
        status:
          type: string
          enum: [QUEUED, RUNNING, SUCCESS, FAILED, CANCELED]
        progress:
          type: integer
          minimum: 0
          maximum: 100
        message:
          type: [string, "null"]
        startTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
        endTime:
          type: [string, "null"]
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
        steps:
          type: array
          items:
            type: object
            properties:
              title:
                type: string
              status:
                type: string
              progress:
                type: integer
              startTime:
                type: [string, "null"]
                format: date-time
                pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
              endTime:
                type: [string, "null"]
                format: date-time
                pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
              message:
                type: [string, "null"]
        reason:
          type: [string, "null"]
        principal:
          type: [string, "null"]
        targetApplianceId:
          type: [string, "null"]
        epoch:
          type: [integer, "null"]
    HcxTimelineEvent:
      type: object
      properties:
        haGroupId:
          type: string
        haGroupName:
          type: string
        detailedMessage:
          type: string
        timestamp:
          type: string
          format: date-time
          pattern: '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$'
        eventCode:
          type: string
          description: The event type, e.g. PrimaryChanged, HandoverStarted, FailoverSucceeded, FailoverFailed.
        eventMessage:
          type: string
        principal:
          type: [string, "null"]
        epoch:
          type: integer
        applianceRoles:
          type: object
          properties:
            active:
              type: array
              items:
                type: string
            standby:
              type: array
              items:
                type: string
            undecided:
              type: array
              items:
                type: string
    ErrorResponse:
      type: object
      required: [OperationId, Error, Reason, Resolution]
      properties:
        OperationId:
          type: string
          format: uuid
          description: A fresh id for this refusal, also sent in the `Operation-Id` header.
        Error:
          type: string
          description: |
            The kind of refusal: `The request is not valid.` (400), `The resource was not
            found.` (404), `No such route.` (404, no endpoint matched), `Authentication is
            required.` (401), `The request is not authorized.` (403), `Too many requests.` (429),
            `The request conflicts
            with the current state.` (409), `The request body is too large.` (413),
            `Internal error.` (500), `The service is temporarily unavailable.` (503),
            `The method is not allowed on this path.` (405).
        Reason:
          type: string
        Resolution:
          type: string
        Code:
          type: string
          x-baton-extension: true
          enum: [NoLiveStandby, FailoverInProgress, TargetIsPrimary, RoleOverrideHolds, TaskNotCancelable, MethodNotAllowed]
          description: |
            Present only on a refused failover request or cancellation (409), which refusal it
            is, and on a 405 (`MethodNotAllowed`: the path is served, not with this method; the
            `Allow` header lists the methods it is). `NoLiveStandby`: no live eligible session other than the Primary (or the named
            target is not live and eligible). `FailoverInProgress`: another task of the group is
            QUEUED or RUNNING. `TargetIsPrimary`: the named target already is the Primary.
            `RoleOverrideHolds`: a Primary role override holds the group. `TaskNotCancelable`:
            the task has started or finished.
    Version:
      type: object
      required: [Version]
      properties:
        Version:
          type: string
          const: "1.0"
    Health:
      type: object
      required: [Status]
      properties:
        Status:
          type: string
          const: Good
  requestBodies:
    AccessControlList:
      required: true
      description: A JSON object of at most 65536 bytes.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/AccessControlList"
    GroupCreation:
      required: true
      description: A JSON object of at most 65536 bytes, with the group's `Id`.
      content:
        application/json:
          schema:
            allOf:
              - $ref: "#/components/schemas/GroupConfiguration"
              - required: [Id]
    GroupReplacement:
      required: true
      description: |
        A JSON object of at most 65536 bytes. The group's id is the path's: an `Id` sent in
        the body must equal it (else 400), so the contract leaves `Id` out.
      content:
        application/json:
          schema:
            allOf:
              - $ref: "#/components/schemas/GroupConfiguration"
              - not:
                  required: [Id]
    SessionRegistration:
      required: true
      description: A JSON object of at most 65536 bytes.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/SessionRegistration"
    HeartbeatRequest:
      required: true
      description: A JSON object of at most 65536 bytes.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/HeartbeatRequest"
    RoleOverrideRequest:
      required: true
      description: A JSON object of at most 65536 bytes.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/RoleOverrideRequest"
    FailoverRequest:
      required: false
      description: A JSON object of at most 65536 bytes; may be left out or empty.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/FailoverRequest"
  responses:
    Unauthorized:
      description: No credentials, or credentials that are wrong, expired or of a removed principal.
      headers:
        WWW-Authenticate:
          $ref: "#/components/headers/WWW-Authenticate"
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    Forbidden:
      description: |
        The principal's role does not include the operation, an access control list denies it,
        or the resource belongs to another tenant (answered alike whether it exists or not).
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    TooManyRequests:
      description: The principal's request rate, or the session's heartbeat rate, was exceeded.
      headers:
        Retry-After:
          $ref: "#/components/headers/RateLimit-Retry-After"
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    BadAccessControlList:
      description: The body is not a valid access control list (an unknown Type or AccessType, an empty ObjectId, an unknown role, AccessRights outside 0–15); `Reason` names the entry.
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    BadRequest:
      description: |
        The request is not valid: an empty, non-JSON or non-object body, a property of the
        wrong type or out of range, a missing required property, an invalid id, or a bad
        `skip`/`count`. `Reason` names the problem.
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    NotFound:
      description: The group, or the client session, does not exist.
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    GroupConflict:
      description: A group with this id exists with another configuration.
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    SessionConflict:
      description: A session with this id exists in the group with another `Name`.
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    GroupHasSessions:
      description: The group still has client sessions; `Reason` says how many.
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    FailoverRefused:
      description: |
        The failover cannot be accepted now; `Code` says why: `NoLiveStandby`,
        `FailoverInProgress`, `TargetIsPrimary` or `RoleOverrideHolds`.
      x-baton-extension: true
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    TaskNotCancelable:
      description: The task has started or finished; `Code` is `TaskNotCancelable`.
      x-baton-extension: true
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    ContentTooLarge:
      description: The request body is larger than 65536 bytes.
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    InternalError:
      description: An unexpected error; it is logged with the OperationId.
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    ServiceUnavailable:
      description: >-
        The store could not be written or read. Normally nothing was changed; on the shared
        (PostgreSQL) store, when the connection was lost while the change was being committed,
        the `Reason` says that the outcome is unknown: read the resource before retrying. Retry
        after the `Retry-After` delay.
      headers:
        Operation-Id:
          $ref: "#/components/headers/Operation-Id"
        Retry-After:
          $ref: "#/components/headers/Retry-After"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/ErrorResponse"
    HcxUnauthorized:
      description: No credentials, or wrong ones. No body (HCX).
      headers:
        WWW-Authenticate:
          $ref: "#/components/headers/WWW-Authenticate"
    HcxForbidden:
      description: The principal's role does not include the operation. No body (HCX).
    HcxNotFound:
      description: The group, appliance or task does not exist; `code` is `NotFound`.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/HcxErrors"
    HcxConflict:
      description: The operation conflicts with the current state; `code` says why (`NoLiveStandby`, `FailoverInProgress`, `RoleOverrideHolds`, `ApplianceInGroup`, or `Conflict`).
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/HcxErrors"
    HcxBadRequest:
      description: The request is not valid; `code` is `GroupActionBadRequest` on HA group routes, else `BadRequest`.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/HcxErrors"
    HcxTooManyRequests:
      description: The principal's request rate, or the appliance's heartbeat rate, was exceeded.
      headers:
        Retry-After:
          $ref: "#/components/headers/RateLimit-Retry-After"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/HcxErrors"
    HcxInternalError:
      description: An unexpected error; `code` is `HAInternalServerError`.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/HcxErrors"
    HcxError:
      description: Body too large (413) or the store is unavailable (503, with `Retry-After`).
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/HcxErrors"
    HcxAppliance:
      description: The appliance.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/HcxAppliance"
    HcxGroupAction:
      description: Accepted; poll the task.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/HcxGroupActionSuccessResponse"
"""#
}
