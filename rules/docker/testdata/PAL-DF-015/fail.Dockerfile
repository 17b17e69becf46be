FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
# want PAL-DF-015
RUN pip install --upgrade pip && pip install -r requirements.txt
COPY . .
USER 1000
CMD ["gunicorn", "app:app"]
