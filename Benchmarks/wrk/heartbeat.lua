-- wrk script for Benchmarks/heartbeat.sh and Benchmarks/cluster.sh.
--
-- Usage: wrk ... -s heartbeat.lua http://127.0.0.1:PORT -- MODE SESSIONS GROUP_SIZE RUN_ID \
--            [SLICE SLICES SLICE_BY]
--
--   MODE       "heartbeat": POST .../groups/<g>/clientsessions/<s>/heartbeat, round-robin over
--                           every session, with a FailoverScore that varies from 50 to 100;
--              "health":    GET /health (the trivial route);
--              "etcd":      POST /v3/lease/keepalive {"ID": "<SESSIONS>"} to etcd's HTTP gateway
--                           (the second argument is then the lease ID, not a count).
--   SESSIONS   number of registered sessions (ids <RUN_ID>-s00000 ...).
--   GROUP_SIZE sessions per group (session i is in group <RUN_ID>-g<i // GROUP_SIZE>).
--   RUN_ID     prefix of the group and session ids (heartbeat.sh creates them).
--   SLICE SLICES SLICE_BY  (optional, default 0 1 session) heartbeat only the sessions
--              whose index (SLICE_BY "session") or group index (SLICE_BY "group") is
--              SLICE modulo SLICES: cluster.sh splits the sessions between two instances.
--
-- Both modes go through the same client path: a `request()` that returns a string
-- formatted once in `init()`, so wrk's per-request cost is the same for both and the
-- ratio of the two throughputs measures the server. Nothing is parsed per response
-- (no `response()` callback, which would make wrk slower); wrk itself counts responses
-- with a status above 399 (`errors.status`), and heartbeat.sh checks with curl before
-- the runs that a heartbeat answers exactly 200.
--
-- `done()` prints one machine-readable line that heartbeat.sh parses:
--   BATON_WRK requests=... duration_us=... rps=... p50_us=... p90_us=... p99_us=...
--             max_us=... status_errors=... connect_errors=... read_errors=... write_errors=...
--             timeouts=...
-- and a second one with the latency distribution as percentile=microseconds pairs
-- (0 is the minimum, 100 the maximum), from which cluster.sh merges the latencies of two
-- wrk processes:
--   BATON_WRK_PCT 0=... 1=... ... 99=... 99.1=... ... 99.99=... 100=...

-- Main state (setup/done): hand each thread its index so threads start at different
-- sessions instead of all hitting the same one at the same time.
local thread_count = 0

function setup(thread)
   thread:set("thread_index", thread_count)
   thread_count = thread_count + 1
end

-- Thread state (init/request).
local requests = {}
local request_count = 0
local next_request = 1
local mode = "heartbeat"

-- How many different scores each session cycles through; the table holds
-- SESSIONS * SCORE_PASSES pre-formatted requests.
local SCORE_PASSES = 4

function init(args)
   mode = args[1] or "heartbeat"
   if mode == "health" then
      requests[1] = wrk.format("GET", "/health")
      request_count = 1
      return
   end
   if mode == "etcd" then
      local lease = args[2]
      if not lease or not lease:match("^%d+$") then error("etcd mode needs the lease ID") end
      requests[1] = wrk.format("POST", "/v3/lease/keepalive", { ["Content-Type"] = "application/json" },
                               string.format('{"ID": "%s"}', lease))
      request_count = 1
      return
   end
   if mode ~= "heartbeat" then
      error("unknown mode '" .. tostring(mode) .. "' (heartbeat, health or etcd)")
   end
   local sessions = tonumber(args[2])
   local group_size = tonumber(args[3])
   local run_id = args[4]
   if not sessions or sessions < 1 or not group_size or group_size < 1 or not run_id then
      error("heartbeat mode needs: SESSIONS GROUP_SIZE RUN_ID")
   end
   local slice = tonumber(args[5] or "0")
   local slices = tonumber(args[6] or "1")
   local slice_by = args[7] or "session"
   if not slices or slices < 1 or not slice or slice < 0 or slice >= slices
      or (slice_by ~= "session" and slice_by ~= "group") then
      error("SLICE SLICES SLICE_BY must be 0 <= SLICE < SLICES and \"session\" or \"group\"")
   end
   local headers = { ["Content-Type"] = "application/json" }
   for pass = 0, SCORE_PASSES - 1 do
      for s = 0, sessions - 1 do
         local g = math.floor(s / group_size)
         local key = s
         if slice_by == "group" then key = g end
         if key % slices == slice then
            local path = string.format(
               "/api/v1/clientfailover/groups/%s-g%05d/clientsessions/%s-s%05d/heartbeat",
               run_id, g, run_id, s)
            -- 50..100, different for neighbouring sessions and for each pass over a session.
            local score = 50 + (s * 7 + pass * 13) % 51
            local body = string.format('{"FailoverScore": %d}', score)
            request_count = request_count + 1
            requests[request_count] = wrk.format("POST", path, headers, body)
         end
      end
   end
   if request_count == 0 then
      error("slice " .. slice .. " of " .. slices .. " holds no session")
   end
   -- Spread the threads' starting points over the table.
   local index = tonumber(thread_index) or 0
   next_request = (index * 7919) % request_count + 1
end

function request()
   local r = requests[next_request]
   next_request = next_request + 1
   if next_request > request_count then next_request = 1 end
   return r
end

function done(summary, latency, requests_stats)
   local seconds = summary.duration / 1e6
   local rps = 0
   if seconds > 0 then rps = summary.requests / seconds end
   local e = summary.errors
   io.write(string.format(
      "BATON_WRK requests=%d duration_us=%d rps=%.2f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
      "status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, rps,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      e.status, e.connect, e.read, e.write, e.timeout))
   local points = { "0=" .. latency.min }
   for p = 1, 99 do points[#points + 1] = string.format("%d=%d", p, latency:percentile(p)) end
   for t = 1, 9 do points[#points + 1] = string.format("99.%d=%d", t, latency:percentile(99 + t / 10)) end
   for h = 91, 99 do points[#points + 1] = string.format("99.%d=%d", h, latency:percentile(99 + h / 100)) end
   points[#points + 1] = "100=" .. latency.max
   io.write("BATON_WRK_PCT " .. table.concat(points, " ") .. "\n")
end
