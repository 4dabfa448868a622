-- wrk script for Benchmarks/heartbeat.sh.
--
-- Usage: wrk ... -s heartbeat.lua http://127.0.0.1:PORT -- MODE SESSIONS GROUP_SIZE RUN_ID
--
--   MODE       "heartbeat": POST .../groups/<g>/clientsessions/<s>/heartbeat, round-robin over
--                           every session, with a FailoverScore that varies from 50 to 100;
--              "health":    GET /health (the trivial route).
--   SESSIONS   number of registered sessions (ids <RUN_ID>-s00000 ...).
--   GROUP_SIZE sessions per group (session i is in group <RUN_ID>-g<i // GROUP_SIZE>).
--   RUN_ID     prefix of the group and session ids (heartbeat.sh creates them).
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
   if mode ~= "heartbeat" then
      error("unknown mode '" .. tostring(mode) .. "' (heartbeat or health)")
   end
   local sessions = tonumber(args[2])
   local group_size = tonumber(args[3])
   local run_id = args[4]
   if not sessions or sessions < 1 or not group_size or group_size < 1 or not run_id then
      error("heartbeat mode needs: SESSIONS GROUP_SIZE RUN_ID")
   end
   local headers = { ["Content-Type"] = "application/json" }
   for pass = 0, SCORE_PASSES - 1 do
      for s = 0, sessions - 1 do
         local g = math.floor(s / group_size)
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
end
