// The dashboard's one ws connection to its server: it keeps the latest cluster
// picture the server pushed, hands replies to whoever asked by message type, and
// reconnects (with the cookie that holds the token) when the server goes away.
import { useEffect, useState } from "preact/hooks";

const listeners = new Map();
let socket;
let latest;
let connected = false;

function emit(type, message) {
  for (const listener of listeners.get(type) ?? []) listener(message);
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws`);
  socket.onopen = () => {
    connected = true;
    emit("connection", true);
  };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "cluster") latest = message.view;
    emit(message.type, message);
  };
  socket.onclose = () => {
    connected = false;
    emit("connection", false);
    setTimeout(connect, 1000);
  };
}

/** Sends a request once the connection is open. */
export function send(message) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  else setTimeout(() => send(message), 100);
}

/** Calls `listener` with every message of `type` while the calling component lives. */
export function useMessages(type, listener, deps = []) {
  useEffect(() => {
    const set = listeners.get(type) ?? new Set();
    listeners.set(type, set);
    set.add(listener);
    return () => set.delete(listener);
  }, deps);
}

/** The latest cluster picture (undefined until the first arrives). */
export function useCluster() {
  const [view, setView] = useState(latest);
  useMessages("cluster", (message) => setView(message.view));
  return view;
}

export function useConnected() {
  const [up, setUp] = useState(connected);
  useMessages("connection", setUp);
  return up;
}

connect();
