"""An app whose own work Afterward runs as task jobs: a fast task answered at once, and a long one
answered 202 and completed later through Afterward's API. Run: uvicorn main:app --port 8000"""

import asyncio
import os
from typing import Annotated, Any

import httpx
from fastapi import BackgroundTasks, Depends, FastAPI, HTTPException, Request
from standardwebhooks import Webhook, WebhookVerificationError

AFTERWARD_URL = os.environ.get("AFTERWARD_URL", "http://127.0.0.1:3000").rstrip("/")
AFTERWARD_API_KEY = os.environ["AFTERWARD_API_KEY"]  # needs only the scope tasks:complete
webhook = Webhook(os.environ["TASK_SIGNING_SECRET"])
PAGE_SECONDS = 1.0

app = FastAPI()


async def verified_task(request: Request) -> dict[str, Any]:
    """The Standard Webhooks envelope {type, timestamp, data}, verified over the exact bytes Afterward signed."""
    try:
        return webhook.verify(await request.body(), dict(request.headers))
    except (WebhookVerificationError, ValueError):  # ValueError: malformed headers or body
        raise HTTPException(status_code=401, detail="invalid signature")


Task = Annotated[dict[str, Any], Depends(verified_task)]


@app.post("/tasks/invoice.total")
async def invoice_total(task: Task) -> dict[str, Any]:
    items = task["data"].get("items")
    if not isinstance(items, list):
        raise HTTPException(status_code=400, detail="items must be a list")  # a 4xx: the job fails at once, no retry
    return {"total": sum(item["price"] * item["qty"] for item in items)}  # 200: the job's result


@app.post("/tasks/report.generate", status_code=202)
async def report_generate(task: Task, request: Request, background: BackgroundTasks) -> dict[str, Any]:
    attempt = (request.headers["afterward-job-id"], int(request.headers["afterward-attempt"]))
    background.add_task(generate_report, attempt, task["data"])  # runs once the 202 is sent
    return {"async": True}  # "I will complete it myself"


async def generate_report(attempt: tuple[str, int], data: dict[str, Any]) -> None:
    """The long work: progress after each page (the heartbeat), then the result; stops when cancelled."""
    job_id, number = attempt
    headers = {"authorization": f"Bearer {AFTERWARD_API_KEY}"}
    async with httpx.AsyncClient(base_url=AFTERWARD_URL, headers=headers) as afterward:

        async def call(action: str, body: dict[str, Any]) -> dict[str, Any]:
            # `attempt`: a late answer to an earlier attempt is refused, never applied to a later one.
            response = await afterward.post(f"/v1/jobs/{job_id}/{action}", json={**body, "attempt": number})
            response.raise_for_status()
            return response.json()

        report_id, pages = data["reportId"], data["pages"]
        for page in range(1, pages + 1):
            await asyncio.sleep(PAGE_SECONDS)
            if (await call("progress", {"progress": {"page": page, "of": pages}}))["cancelRequested"]:
                # Acknowledges the cancellation: the job ends cancelled.
                message = f"stopped at page {page} of {pages}: the job was cancelled"
                await call("fail", {"error": {"message": message}})
                return
        result = {"reportId": report_id, "pages": pages, "url": f"https://files.example.com/reports/{report_id}.pdf"}
        await call("complete", {"result": result})
