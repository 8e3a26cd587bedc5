import { StreamsList } from "../../features/streams/components/StreamsList.js";

export function StreamsPage() {
  return <StreamsList />;
}
