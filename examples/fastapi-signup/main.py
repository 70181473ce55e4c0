"""A signup that hands its side work to Afterward: a welcome email, an audit event, and a report task that
Afterward runs by calling back this same app. Run: uvicorn main:app --port 8000"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import httpx
from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from standardwebhooks import Webhook, WebhookVerificationError

AFTERWARD_URL = os.environ.get("AFTERWARD_URL", "http://127.0.0.1:3000").rstrip("/")
# Scopes: jobs:write (emails), audit:write, tasks:write, jobs:read and audit:read (the status route).
AFTERWARD_API_KEY = os.environ["AFTERWARD_API_KEY"]
webhook = Webhook(os.environ["TASK_SIGNING_SECRET"])
REPORT_TASK_TYPE = "signup.report"  # registered by task-types.yaml
STATUS_DEADLINE_SECONDS = 30.0  # how long GET /signup/{id}/status waits for the jobs to close
LONG_POLL_SECONDS = 10

# Stands in for the app's users table: each signup's ids at Afterward.
signups: dict[str, dict[str, str]] = {}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    headers = {"authorization": f"Bearer {AFTERWARD_API_KEY}"}
    # The timeout outlasts a long poll (GET /v1/jobs/:id?wait=10s).
    async with httpx.AsyncClient(base_url=AFTERWARD_URL, headers=headers, timeout=LONG_POLL_SECONDS + 5) as client:
        app.state.afterward = client
        yield


app = FastAPI(lifespan=lifespan)


def afterward_client(request: Request) -> httpx.AsyncClient:
    return request.app.state.afterward


Afterward = Annotated[httpx.AsyncClient, Depends(afterward_client)]


@app.exception_handler(httpx.HTTPError)
async def afterward_unavailable(request: Request, err: httpx.HTTPError) -> JSONResponse:
    # Nothing is lost: the same signup sent again, with its Idempotency-Key, starts only what was not started.
    return JSONResponse({"detail": f"Afterward did not answer as expected: {err}"}, status_code=502)


class Signup(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$", max_length=254)


@app.post("/signup", status_code=201)
async def signup(
    body: Signup,
    afterward: Afterward,
    idempotency_key: Annotated[str | None, Header(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = None,
) -> dict[str, str]:
    """Starts the signup's three pieces of work; a retry with the same Idempotency-Key gets the same ids."""
    signup_id = idempotency_key or uuid.uuid4().hex
    email_job, audit_event, report_job = await asyncio.gather(
        start(
            afterward,
            "/v1/emails",
            {
                "to": [body.email],
                "subject": f"Welcome, {body.name}",
                "text": f"Hello {body.name}, thanks for signing up.",
            },
            key=f"signup-{signup_id}-welcome",
        ),
        # An audit event's own `id` makes it idempotent: the same event sent again is recorded once.
        start(
            afterward,
            "/v1/audit-events",
            {
                "id": f"signup-{signup_id}",
                "actor": f"user:{signup_id}",
                "action": "user.signed_up",
                "resource": f"user:{signup_id}",
                "detail": {"email": body.email},
            },
        ),
        start(
            afterward,
            f"/v1/tasks/{REPORT_TASK_TYPE}",
            {"payload": {"signupId": signup_id, "name": body.name, "email": body.email}},
            key=f"signup-{signup_id}-report",
        ),
    )
    signups[signup_id] = {"emailJobId": email_job, "auditEventId": audit_event, "reportJobId": report_job}
    return {"signupId": signup_id, **signups[signup_id]}


async def start(afterward: httpx.AsyncClient, path: str, body: dict[str, Any], key: str | None = None) -> str:
    response = await afterward.post(path, json=body, headers={"idempotency-key": key} if key else {})
    # 422 (a job's Idempotency-Key) or 409 (an audit event's id) with other content: another signup's key.
    if response.status_code in (409, 422):
        raise HTTPException(status_code=409, detail="this Idempotency-Key was used for another signup")
    response.raise_for_status()
    return response.json()["id"]


@app.get("/signup/{signup_id}/status")
async def signup_status(signup_id: str, afterward: Afterward) -> dict[str, Any]:
    """The signup's jobs once they have closed (or as they are after STATUS_DEADLINE_SECONDS), and its audit event."""
    ids = signups.get(signup_id)
    if ids is None:
        raise HTTPException(status_code=404, detail="no such signup")
    deadline = asyncio.get_running_loop().time() + STATUS_DEADLINE_SECONDS
    email, report = await asyncio.gather(
        closed_job(afterward, ids["emailJobId"], deadline),
        closed_job(afterward, ids["reportJobId"], deadline),
    )
    recorded = await audit_event_recorded(afterward, ids["auditEventId"], f"user:{signup_id}")
    return {
        "welcomeEmail": {"id": email["id"], "status": email["status"]},
        "report": {"id": report["id"], "status": report["status"], "result": report["result"]},
        "auditEvent": {"id": ids["auditEventId"], "recorded": recorded},
    }


async def closed_job(afterward: httpx.AsyncClient, job_id: str, deadline: float) -> dict[str, Any]:
    """GET /v1/jobs/:id?wait=… until the job has closed or the deadline has passed: each call is held by Afterward
    until the job closes or its wait ends, so a job closing mid-wait is answered at once."""
    loop = asyncio.get_running_loop()
    while True:
        left = deadline - loop.time()
        wait = f"{max(1, min(LONG_POLL_SECONDS, round(left)))}s"
        response = await afterward.get(f"/v1/jobs/{job_id}", params={"wait": wait})
        response.raise_for_status()
        job = response.json()
        if job["closedAt"] is not None or loop.time() >= deadline:
            return job


async def audit_event_recorded(afterward: httpx.AsyncClient, event_id: str, resource: str) -> bool:
    """Whether the audit log holds the event yet (202 means Temporal holds it; the writer records it moments later)."""
    response = await afterward.get("/v1/audit-events", params={"resource": resource})
    response.raise_for_status()
    return any(event["id"] == event_id for event in response.json()["events"])


async def verified_task(request: Request) -> dict[str, Any]:
    """The Standard Webhooks envelope {type, timestamp, data}, verified over the exact bytes Afterward signed."""
    try:
        return webhook.verify(await request.body(), dict(request.headers))
    except (WebhookVerificationError, ValueError):  # ValueError: malformed headers or body
        raise HTTPException(status_code=401, detail="invalid signature")


Task = Annotated[dict[str, Any], Depends(verified_task)]


@app.post(f"/tasks/{REPORT_TASK_TYPE}")
async def signup_report(task: Task) -> dict[str, Any]:
    """Called by Afterward for each report task; the answer (200) is the job's result."""
    data = task["data"]
    return {"signupId": data["signupId"], "name": data["name"], "emailDomain": data["email"].rpartition("@")[2]}
