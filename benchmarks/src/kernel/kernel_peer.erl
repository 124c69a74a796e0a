#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell +P 1048576
%%
%% Erlang/OTP's figures for the kernel suite, the peer rayx's actor kernel is
%% modelled on: process spawns/s, bytes per idle process (fresh, and after serving
%% one round trip), message sends/s, awaited and pipelined message round trips/s,
%% and how long a one_for_one supervisor takes to bring a killed child back. Each
%% figure is the median of several iterations. Prints one JSON object on stdout
%% (kernel.ts parses it).
%%
%% Run: escript kernel_peer.erl [Spawns Idle Calls Sends Iterations Supervisors]
%% (defaults 20000 100000 20000 100000 31 9, as kernel.ts): Spawns per timed spawn loop,
%% Idle processes for the memory figure, Calls per round-trip loop, Sends per one-way
%% loop, Iterations of each loop, Supervisors of 100 restarts each.
-module(kernel_peer).
-mode(compile).
-behaviour(supervisor).
-export([main/1, init/1, start_worker/1, idle/0, echo/0, counter/1]).

main(Args) ->
    %% The supervisor restart loop kills a child on purpose; its crash reports are noise here.
    logger:set_primary_config(level, emergency),
    [Spawns, Idle, Calls, Sends, Iterations, Supervisors] =
        case [list_to_integer(A) || A <- Args] of
            [] -> [20000, 100000, 20000, 100000, 31, 9];
            Given -> Given
        end,
    Figures = [
        {"spawnPerSec", spawn_rate(Spawns, Iterations)},
        {"bytesPerIdleProcess", bytes_per_idle_process(Idle)},
        {"bytesPerServedProcess", bytes_per_served_process(Idle)},
        {"sendPerSec", median_rate(Sends, Iterations, fun() -> send_to_counter(Sends) end)},
        {"awaitedRoundTripsPerSec",
            median_rate(Calls, Iterations, fun() -> with_echo(fun(E) -> awaited(E, Calls) end) end)},
        {"pipelinedRoundTripsPerSec",
            median_rate(Calls, Iterations, fun() -> with_echo(fun(E) -> pipelined(E, Calls, 1000) end) end)},
        {"supervisorRestartMicros", supervisor_restart_micros(Supervisors, 100)},
        {"otpRelease", list_to_integer(erlang:system_info(otp_release))}
    ],
    Json = lists:join(",", [io_lib:format("\"~s\":~p", [K, V]) || {K, V} <- Figures]),
    io:format("{~s}~n", [Json]).

%% Runs Body once to warm up, then Iterations times; returns median ops/s.
median_rate(Ops, Iterations, Body) ->
    Body(),
    Micros = [element(1, timer:tc(Body)) || _ <- lists:seq(1, Iterations)],
    Ops / (median(Micros) / 1.0e6).

median(Values) ->
    Sorted = lists:sort(Values),
    N = length(Sorted),
    case N rem 2 of
        1 -> lists:nth(N div 2 + 1, Sorted);
        0 -> (lists:nth(N div 2, Sorted) + lists:nth(N div 2 + 1, Sorted)) / 2
    end.

idle() ->
    receive
        stop -> ok
    end.

%% Median rate of spawning N idle processes; only the spawn loop is timed, not their stop.
spawn_rate(N, Iterations) ->
    Micros = [spawn_idle_micros(N) || _ <- lists:seq(0, Iterations)],
    N / (median(tl(Micros)) / 1.0e6).

spawn_idle_micros(N) ->
    {Micros, Pids} = timer:tc(fun() -> [spawn(fun idle/0) || _ <- lists:seq(1, N)] end),
    stop_and_wait(Pids),
    Micros.

bytes_per_idle_process(N) ->
    erlang:garbage_collect(),
    Before = erlang:memory(processes),
    Pids = [spawn(fun idle/0) || _ <- lists:seq(1, N)],
    After = erlang:memory(processes),
    stop_and_wait(Pids),
    (After - Before) / N.

%% Like bytes_per_idle_process/1, but each process has served one round trip first.
bytes_per_served_process(N) ->
    erlang:garbage_collect(),
    Before = erlang:memory(processes),
    Pids = [spawn(fun echo/0) || _ <- lists:seq(1, N)],
    [begin Ref = make_ref(), P ! {self(), Ref, 1}, receive {Ref, _} -> ok end end || P <- Pids],
    After = erlang:memory(processes),
    stop_and_wait(Pids),
    (After - Before) / N.

stop_and_wait(Pids) ->
    Refs = [monitor(process, P) || P <- Pids],
    [P ! stop || P <- Pids],
    [receive {'DOWN', R, process, _, _} -> ok end || R <- Refs],
    ok.

counter(Total) ->
    receive
        {add, N} -> counter(Total + N);
        {get, From} -> From ! {total, Total}
    end.

send_to_counter(N) ->
    C = spawn(fun() -> counter(0) end),
    send_n(C, N),
    C ! {get, self()},
    receive
        {total, N} -> ok
    end.

send_n(_, 0) -> ok;
send_n(C, N) ->
    C ! {add, 1},
    send_n(C, N - 1).

echo() ->
    receive
        {From, Ref, N} ->
            From ! {Ref, N + 1},
            echo();
        stop ->
            ok
    end.

with_echo(Body) ->
    E = spawn(fun echo/0),
    Body(E),
    E ! stop.

awaited(_, 0) -> ok;
awaited(E, N) ->
    Ref = make_ref(),
    E ! {self(), Ref, N},
    receive
        {Ref, _} -> ok
    end,
    awaited(E, N - 1).

%% Keeps Window requests in flight: sends a batch, then collects all its replies.
pipelined(_, 0, _) -> ok;
pipelined(E, N, Window) ->
    Batch = min(N, Window),
    Ref = make_ref(),
    [E ! {self(), Ref, I} || I <- lists:seq(1, Batch)],
    collect(Ref, Batch),
    pipelined(E, N - Batch, Window).

collect(_, 0) -> ok;
collect(Ref, N) ->
    receive
        {Ref, _} -> collect(Ref, N - 1)
    end.

%% A one_for_one supervisor with one permanent worker that reports each start to Reporter.
init(Reporter) ->
    Child = #{id => worker, start => {?MODULE, start_worker, [Reporter]}, restart => permanent},
    {ok, {#{strategy => one_for_one, intensity => 1000000, period => 1}, [Child]}}.

start_worker(Reporter) ->
    Pid = spawn_link(fun idle/0),
    Reporter ! {started, Pid},
    {ok, Pid}.

%% Median microseconds from `exit(Child, kill)` to the restarted child's start being
%% reported, over Supervisors fresh supervisors of Restarts restarts each, after one
%% unmeasured supervisor. Fresh ones, because OTP keeps every restart time inside the
%% period and scans them all on each restart: one long-lived supervisor gets slower.
supervisor_restart_micros(Supervisors, Restarts) ->
    process_flag(trap_exit, true),
    restarts_under_new_supervisor(Restarts),
    median(lists:append([restarts_under_new_supervisor(Restarts) || _ <- lists:seq(1, Supervisors)])).

restarts_under_new_supervisor(Restarts) ->
    {ok, Sup} = supervisor:start_link(?MODULE, self()),
    First = receive {started, P} -> P end,
    Micros = restart_times(First, Restarts, []),
    unlink(Sup),
    exit(Sup, shutdown),
    Micros.

restart_times(_, 0, Acc) -> Acc;
restart_times(Child, N, Acc) ->
    T0 = erlang:monotonic_time(microsecond),
    exit(Child, kill),
    receive
        {started, Next} ->
            T1 = erlang:monotonic_time(microsecond),
            restart_times(Next, N - 1, [T1 - T0 | Acc])
    end.
