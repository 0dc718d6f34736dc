-- wrk script for scripts/soak: a mix of visitors of the demo server.
-- Arguments (after `--`): the Cookie header of a visitor who accepted
-- everything, then of one who refused everything (from
-- `examples/soak_visitors.rs`; both carry every demo cookie too), then
-- the server's own origin (`http://127.0.0.1:PORT`).
-- Counts answers by status per thread; done() prints the totals. A 403
-- whose body says the cross-site request was refused is what the
-- cross-site visitors must get: it is counted apart, as `expected 403`.

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   local accepted, refused, origin = args[1], args[2], args[3]
   math.randomseed(os.time() * 1000 + id)
   counts = {}
   -- weight, path, headers: undecided, undecided sending tracking cookies
   -- (which get deleted), accepted, refused with the cookies it refused
   -- (withdrawal), malformed consent cookies and non-UTF-8 bytes,
   -- accepted with Global Privacy Control, a 16 KB Cookie header, and a
   -- path that does not exist (the expected 404); POST /consent from the
   -- site's own page (303) and from another site (403).
   local form = {["Content-Type"] = "application/x-www-form-urlencoded"}
   local function with(extra)
      local headers = {}
      for k, v in pairs(form) do headers[k] = v end
      for k, v in pairs(extra) do headers[k] = v end
      return headers
   end
   local choice = "action=save&category=statistical&service=matomo&return_to=%2F%3Fp%3D1"
   visitors = {
      {20, "/", {}},
      {10, "/", {Cookie = "sessionid=s; _ga=GA1.1.1.1; _ga_DEMO123=x; _fbp=fb.1; recently_viewed=42"}},
      {20, "/", {Cookie = accepted}},
      {15, "/", {Cookie = refused}},
      {12, "/", {Cookie = "cookies_preferences=%zz%7B; cookies_preferences={\"v\":1}; _ga=\xff\xfe; =; ;; lone"}},
      {15, "/", {Cookie = accepted, ["Sec-GPC"] = "1"}},
      {3, "/", {Cookie = string.rep("x=1; ", 3200)}},
      {5, "/missing", {}},
      {6, "/consent", with({Origin = origin, ["Sec-Fetch-Site"] = "same-origin", Cookie = refused}), "POST", choice},
      {4, "/consent", with({Origin = origin}), "POST", "action=reject_all&return_to=%2F%2Fevil.example"},
      {3, "/consent", with({Origin = "https://evil.example", Cookie = accepted}), "POST", "action=withdraw"},
      {3, "/consent", with({["Sec-Fetch-Site"] = "cross-site"}), "POST", "action=accept_all"},
   }
   total_weight = 0
   for _, v in ipairs(visitors) do total_weight = total_weight + v[1] end
end

function request()
   local pick = math.random(total_weight)
   for _, v in ipairs(visitors) do
      pick = pick - v[1]
      if pick <= 0 then
         return wrk.format(v[4] or "GET", v[2], v[3], v[5])
      end
   end
end

function response(status, headers, body)
   local key = status
   if status == 403 and body and body:find("cross-site request refused", 1, true) then
      key = -403
   end
   counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
   local totals = {}
   for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("counts")) do
         totals[status] = (totals[status] or 0) + n
      end
   end
   for status, n in pairs(totals) do
      if status == -403 then
         io.write(string.format("expected 403 %d\n", n))
      else
         io.write(string.format("status %d %d\n", status, n))
      end
   end
   local e = summary.errors
   io.write(string.format("requests %d\n", summary.requests))
   io.write(string.format("duration_s %.1f\n", summary.duration / 1e6))
   io.write(string.format("socket_errors connect=%d read=%d write=%d timeout=%d\n",
      e.connect, e.read, e.write, e.timeout))
   io.write(string.format("latency_ms p50=%.2f p99=%.2f max=%.2f\n",
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
