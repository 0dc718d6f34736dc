-- wrk script for scripts/soak: a mix of visitors of the demo server.
-- Arguments (after `--`): the Cookie header of a visitor who accepted
-- everything, then of one who refused everything (from
-- `examples/soak_visitors.rs`; both carry every demo cookie too).
-- Counts answers by status per thread; done() prints the totals.

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   local accepted, refused = args[1], args[2]
   math.randomseed(os.time() * 1000 + id)
   counts = {}
   -- weight, path, headers: undecided, undecided sending tracking cookies
   -- (which get deleted), accepted, refused with the cookies it refused
   -- (withdrawal), malformed consent cookies and non-UTF-8 bytes,
   -- accepted with Global Privacy Control, a 16 KB Cookie header, and a
   -- path that does not exist (the expected 404).
   visitors = {
      {20, "/", {}},
      {10, "/", {Cookie = "sessionid=s; _ga=GA1.1.1.1; _ga_DEMO123=x; _fbp=fb.1; recently_viewed=42"}},
      {20, "/", {Cookie = accepted}},
      {15, "/", {Cookie = refused}},
      {12, "/", {Cookie = "cookies_preferences=%zz%7B; cookies_preferences={\"v\":1}; _ga=\xff\xfe; =; ;; lone"}},
      {15, "/", {Cookie = accepted, ["Sec-GPC"] = "1"}},
      {3, "/", {Cookie = string.rep("x=1; ", 3200)}},
      {5, "/missing", {}},
   }
   total_weight = 0
   for _, v in ipairs(visitors) do total_weight = total_weight + v[1] end
end

function request()
   local pick = math.random(total_weight)
   for _, v in ipairs(visitors) do
      pick = pick - v[1]
      if pick <= 0 then
         return wrk.format("GET", v[2], v[3])
      end
   end
end

function response(status, headers, body)
   counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
   local totals = {}
   for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("counts")) do
         totals[status] = (totals[status] or 0) + n
      end
   end
   for status, n in pairs(totals) do
      io.write(string.format("status %d %d\n", status, n))
   end
   local e = summary.errors
   io.write(string.format("requests %d\n", summary.requests))
   io.write(string.format("duration_s %.1f\n", summary.duration / 1e6))
   io.write(string.format("socket_errors connect=%d read=%d write=%d timeout=%d\n",
      e.connect, e.read, e.write, e.timeout))
   io.write(string.format("latency_ms p50=%.2f p99=%.2f max=%.2f\n",
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
